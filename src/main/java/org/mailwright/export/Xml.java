package org.mailwright.export;

import java.io.StringWriter;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The JDK's DOM and identity transformer, so every value is escaped by the serializer, never by hand. */
final class Xml {
    private Xml() {
    }

    static Document newDocument() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            Document doc = f.newDocumentBuilder().newDocument();
            return doc;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("The JDK's XML parser is not configured", e);
        }
    }

    static Element child(Element parent, String name) {
        Element e = parent.getNamespaceURI() == null
                ? parent.getOwnerDocument().createElement(name)
                : parent.getOwnerDocument().createElementNS(parent.getNamespaceURI(), name);
        parent.appendChild(e);
        return e;
    }

    static Element child(Element parent, String name, String text) {
        Element e = child(parent, name);
        e.setTextContent(text);
        return e;
    }

    static String write(Document doc) {
        return write(doc, null, null);
    }

    /** Indented UTF-8 with a trailing newline; a DOCTYPE when {@code publicId} is given. */
    static String write(Document doc, String publicId, String systemId) {
        try {
            TransformerFactory tf = TransformerFactory.newInstance();
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            Transformer t = tf.newTransformer();
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            // written by hand below: the JDK's own adds standalone="no", or with standalone set drops the line break
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            t.setOutputProperty(OutputKeys.INDENT, "yes");
            t.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            if (publicId != null) {
                t.setOutputProperty(OutputKeys.DOCTYPE_PUBLIC, publicId);
                t.setOutputProperty(OutputKeys.DOCTYPE_SYSTEM, systemId);
            }
            StringWriter out = new StringWriter();
            t.transform(new DOMSource(doc), new StreamResult(out));
            String s = out.toString();
            return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + (s.endsWith("\n") ? s : s + "\n");
        } catch (TransformerException e) {
            throw new IllegalStateException("Could not write XML: " + e.getMessage(), e);
        }
    }
}
