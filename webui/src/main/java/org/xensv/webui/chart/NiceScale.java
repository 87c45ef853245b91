package org.xensv.webui.chart;

/** Round numbers for chart axes: a maximum whose quarters read well, and a tick step. */
public final class NiceScale {

    private static final double[] QUARTERS = {1, 1.2, 1.6, 2, 2.4, 3.2, 4, 6, 8, 10};
    private static final double[] STEPS = {1, 2, 2.5, 5, 10};

    private NiceScale() {
    }

    /** An axis maximum above the value whose quarters read well: 1, 1.2, 1.6, 2, 2.4, 3.2, 4, 6, 8 x 10^n (1 for 0). */
    public static double axisMax(double value) {
        return roundUp(value, QUARTERS);
    }

    /** A tick step at or above the value: 1, 2, 2.5, 5 x 10^n. */
    public static double tickStep(double value) {
        return roundUp(value, STEPS);
    }

    private static double roundUp(double value, double[] steps) {
        if (!(value > 1e-9)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : steps) {
            if (step * magnitude >= value * 1.0001) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }
}
