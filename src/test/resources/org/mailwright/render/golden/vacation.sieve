# Managed by Mailwright: `mailwright users vacation` and the users window replace or remove this file.
# The vacation reply of john@example.com, run before the person's own Sieve script (which it never replaces).
# Mailwright vacation settings: {"subject":"Abwesend \u2013 \"zur\u00FCck\" am 2. Januar \\o/","text":"Ich bin bis 31. Dezember nicht im B\u00FCro.\n.\n..zwei Punkte\nGr\u00FC\u00DFe, John\n\n","from":"2026-12-01","until":"2026-12-31"}
require ["vacation", "date", "relational"];
if allof (currentdate :value "ge" "date" "2026-12-01",
          currentdate :value "le" "date" "2026-12-31",
          not anyof (exists "List-Id", exists "List-Unsubscribe", exists "List-Post"),
          not header :is "Precedence" ["bulk", "list", "junk"],
          anyof (not exists "Auto-Submitted", header :is "Auto-Submitted" "no")) {
  vacation :days 1 :addresses ["john@example.com"] :subject "Abwesend – \"zurück\" am 2. Januar \\o/"
text:
Ich bin bis 31. Dezember nicht im Büro.
..
...zwei Punkte
Grüße, John
.
;
}
