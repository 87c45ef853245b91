package org.xensv.webui.chart;

import com.vaadin.flow.component.html.Div;

/** Holds server-rendered SVG markup (numbers and escaped text only: see {@link SvgLineChart}). */
public final class SvgBox extends Div {

    public SvgBox() {
        addClassName("xensv-chart");
    }

    public void show(String svg) {
        getElement().setProperty("innerHTML", svg);
    }
}
