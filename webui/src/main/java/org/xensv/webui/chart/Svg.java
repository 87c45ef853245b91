package org.xensv.webui.chart;

/** What every server-rendered chart shares: text made safe to put into SVG markup. */
public final class Svg {

    private Svg() {
    }

    /** {@code text} with the five XML special characters escaped, for an element's text or a quoted attribute. */
    public static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;").replace("\"", "&quot;");
    }
}
