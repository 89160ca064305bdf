package io.aiges.api;

import java.util.List;
import java.util.Objects;

/**
 * What one request of a batch gets back: its own outputs, or its own failure. One bad request
 * (an image that does not decode) fails alone; the others in its batch are answered.
 *
 * <pre>{@code
 * outcomes.add(BatchOutcome.of(List.of(DataItem.text("result", "7"))));
 * outcomes.add(BatchOutcome.failed(new WrapperException(ErrorCodes.INVALID_DATA, "not an image")));
 * }</pre>
 */
public sealed interface BatchOutcome {

    /** The request's outputs, as {@link Wrapper#once} would have returned them. */
    record Outputs(List<DataItem> items) implements BatchOutcome {
        public Outputs {
            items = List.copyOf(items);
        }
    }

    /** The request's failure, as {@link Wrapper#once} would have thrown it. */
    record Failed(WrapperException error) implements BatchOutcome {
        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }

    static BatchOutcome of(List<DataItem> outputs) {
        return new Outputs(outputs);
    }

    static BatchOutcome failed(WrapperException error) {
        return new Failed(error);
    }
}
