package org.xensv.toolstack.config;

import java.util.List;

/** A value in an xl.cfg file: a string (single or double quoted), a number as written, or a list. */
sealed interface XlValue {

    record Str(String text) implements XlValue {
    }

    /** Kept as written (decimal or 0x hex); read as an integer by the setting that wants one. */
    record Num(String text) implements XlValue {
    }

    record Items(List<XlValue> items) implements XlValue {
        public Items {
            items = List.copyOf(items);
        }
    }

    /** One {@code key = value} of the file and the line it starts on. */
    record Setting(String key, XlValue value, int line) {
    }
}
