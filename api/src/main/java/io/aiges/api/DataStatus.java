package io.aiges.api;

/**
 * Where a {@link DataItem} sits in its stream. Wire numbers as in the AIGES C ABI
 * ({@code DataBegin=0, DataContinue=1, DataEnd=2, DataOnce=3}) and the HTTP {@code status} field.
 */
public enum DataStatus {
    BEGIN(0), CONTINUE(1), END(2),
    /** The whole data in one message: one-shot requests. */
    ONCE(3);

    private final int wire;

    DataStatus(int wire) {
        this.wire = wire;
    }

    public int wire() {
        return wire;
    }

    /** True for the statuses after which no more data follows on the stream. */
    public boolean isLast() {
        return this == END || this == ONCE;
    }

    public static DataStatus fromWire(int wire) {
        for (DataStatus s : values()) {
            if (s.wire == wire) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown data status " + wire + " (expected 0..3)");
    }
}
