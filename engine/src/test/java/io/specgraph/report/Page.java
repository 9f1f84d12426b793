package io.specgraph.report;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * A report page as its tests read it: parsed by the JDK's XML parser, which refuses anything that is not
 * well-formed, and questioned with XPath (element names as written, without namespaces).
 */
final class Page {
    final Document document;

    private Page(Document document) {
        this.document = document;
    }

    /** Parses the page; fails the test when it is not well-formed XML. */
    static Page parse(String html) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(false);
            factory.setExpandEntityReferences(false);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            return new Page(factory.newDocumentBuilder().parse(new InputSource(new StringReader(html))));
        } catch (Exception e) {
            throw new AssertionError("the report is not well-formed XHTML: " + e.getMessage(), e);
        }
    }

    /** The elements an XPath expression selects. */
    List<Element> all(String xpath) {
        try {
            NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, document, XPathConstants.NODESET);
            List<Element> out = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                out.add((Element) nodes.item(i));
            }
            return out;
        } catch (XPathExpressionException e) {
            throw new IllegalArgumentException(xpath, e);
        }
    }

    /** How many elements an XPath expression selects. */
    int count(String xpath) {
        return all(xpath).size();
    }

    /** The text of every element selected. */
    List<String> texts(String xpath) {
        return all(xpath).stream().map(Element::getTextContent).toList();
    }

    /** Each table row selected as its cells' texts, white space collapsed, joined by {@code " | "}. */
    List<String> rows(String xpath) {
        return all(xpath).stream().map(tr -> {
            List<String> cells = new ArrayList<>();
            NodeList children = tr.getChildNodes();
            for (int i = 0; i < children.getLength(); i++) {
                if (children.item(i) instanceof Element cell) {
                    cells.add(cell.getTextContent().replaceAll("\\s+", " ").trim());
                }
            }
            return String.join(" | ", cells);
        }).toList();
    }

    /** An XPath predicate: the element's class attribute has this class. */
    static String hasClass(String name) {
        return "contains(concat(' ', normalize-space(@class), ' '), ' " + name + " ')";
    }
}
