package org.mailwright.export;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.mailwright.model.ServerSpec;
import org.mailwright.spec.SpecReader;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/** A spec to export, and real parsers to read every export back. */
final class ExportFixtures {
    private ExportFixtures() {
    }

    static final String HASH = "$2b$12$abcdefghijklmnopqrstuuJ3Wq9kz3Yc1ZrQv3ZJ1ZrQv3ZJ1ZrQv";
    /** Characters that XML and HTML must escape, or that shells and file systems choke on. */
    /** No + in it: that is the subaddress separator, which a mailbox name cannot have. */
    static final String ODD_ADDRESS = "o'b&r=x@example.org";
    static final String ODD_NAME = "Zoë \"Z\" <Admin> & Co";

    static final ServerSpec SPEC = SpecReader.read("""
            server:   { host: 203.0.113.7 }
            hostname: mail.example.com
            domains:  [example.com, example.org]
            users:
              - { address: john@example.com, password-hash: "%s" }
              - { address: "%s", password-hash: "%s" }
            tls:      { mode: certbot, email: john@example.com }
            """.formatted(HASH, ODD_ADDRESS, HASH));

    static final ClientSettings SETTINGS = ClientSettings.from(SPEC);
    static final ClientAccount JOHN = new ClientAccount("john@example.com", "John Doe");
    static final ClientAccount ODD = new ClientAccount(ODD_ADDRESS, ODD_NAME);

    /** 00000000-0000-0000-0000-000000000001, ...2, ... : the same every run, for golden files. */
    static Supplier<UUID> fixedUuids() {
        long[] next = {1};
        return () -> new UUID(0, next[0]++);
    }

    /** Namespace-aware DOM; never fetches the DTD a DOCTYPE names (tests run offline, and a parser must not phone home). */
    static Document parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(new InputSource(new StringReader(xml)));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new AssertionError("not well-formed XML: " + e.getMessage() + "\n" + xml, e);
        }
    }

    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && (name == null || e.getLocalName().equals(name) || e.getTagName().equals(name))) {
                out.add(e);
            }
        }
        return out;
    }

    static Element child(Element parent, String name) {
        List<Element> c = children(parent, name);
        if (c.size() != 1) {
            throw new AssertionError("expected one <" + name + "> in <" + parent.getTagName() + ">, found " + c.size());
        }
        return c.get(0);
    }

    static String text(Element parent, String name) {
        return child(parent, name).getTextContent();
    }

    /**
     * A property list as Java values: dict as an ordered map, array as a list, string, integer as Long, true/false
     * as Boolean. Anything else, or a key given twice in a dict, fails: Apple's parser would refuse it too.
     */
    static Object plist(Document doc) {
        Element root = doc.getDocumentElement();
        if (!root.getTagName().equals("plist")) {
            throw new AssertionError("root is <" + root.getTagName() + ">, not <plist>");
        }
        return plistValue(child(root, null));
    }

    private static Object plistValue(Element e) {
        switch (e.getTagName()) {
            case "dict" -> {
                Map<String, Object> m = new LinkedHashMap<>();
                List<Element> c = children(e, null);
                if (c.size() % 2 != 0) {
                    throw new AssertionError("a <dict> holds key/value pairs, found an odd number of elements");
                }
                for (int i = 0; i < c.size(); i += 2) {
                    if (!c.get(i).getTagName().equals("key")) {
                        throw new AssertionError("expected <key>, found <" + c.get(i).getTagName() + ">");
                    }
                    String key = c.get(i).getTextContent();
                    if (m.put(key, plistValue(c.get(i + 1))) != null) {
                        throw new AssertionError("key " + key + " is in the dict twice");
                    }
                }
                return m;
            }
            case "array" -> {
                List<Object> l = new ArrayList<>();
                children(e, null).forEach(c -> l.add(plistValue(c)));
                return l;
            }
            case "string" -> {
                return e.getTextContent();
            }
            case "integer" -> {
                return Long.parseLong(e.getTextContent().strip());
            }
            case "true" -> {
                return Boolean.TRUE;
            }
            case "false" -> {
                return Boolean.FALSE;
            }
            default -> throw new AssertionError("<" + e.getTagName() + "> is not a plist value this export should write");
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> dict(Object o) {
        if (!(o instanceof Map)) {
            throw new AssertionError("not a dict: " + o);
        }
        return (Map<String, Object>) o;
    }
}
