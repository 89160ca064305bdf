package io.aiges.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * One named piece of input or output data: the Java form of the C ABI's {@code DataList} node.
 *
 * <p>{@code key} is the stream name (the HTTP payload or output field name), {@code descriptors}
 * the attributes that travel with it ({@code encoding}, {@code format}, {@code sample_rate},
 * {@code seq}, ...). The byte array is not copied: treat it as read-only once built.
 *
 * <pre>{@code
 * DataItem out = DataItem.text("result", "{\"result\": 7}")
 *         .withDescriptors(Map.of("encoding", "utf8", "format", "json"));
 * }</pre>
 */
public record DataItem(String key, byte[] data, DataType type, DataStatus status, Map<String, String> descriptors) {

    public DataItem {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        descriptors = Map.copyOf(descriptors);
    }

    /** A one-shot text item, UTF-8 encoded. */
    public static DataItem text(String key, String text) {
        return new DataItem(key, text.getBytes(StandardCharsets.UTF_8), DataType.TEXT, DataStatus.ONCE, Map.of());
    }

    public static DataItem of(String key, byte[] data, DataType type) {
        return new DataItem(key, data, type, DataStatus.ONCE, Map.of());
    }

    public DataItem withDescriptors(Map<String, String> newDescriptors) {
        return new DataItem(key, data, type, status, newDescriptors);
    }

    public DataItem withStatus(DataStatus newStatus) {
        return new DataItem(key, data, type, newStatus, descriptors);
    }

    /** A descriptor value, or {@code fallback} when absent. */
    public String descriptor(String name, String fallback) {
        return descriptors.getOrDefault(name, fallback);
    }

    /** The data read as UTF-8 text. */
    public String asText() {
        return new String(data, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataItem other
                && key.equals(other.key) && Arrays.equals(data, other.data) && type == other.type
                && status == other.status && descriptors.equals(other.descriptors);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, Arrays.hashCode(data), type, status, descriptors);
    }

    @Override
    public String toString() {
        return "DataItem[key=" + key + ", " + data.length + " bytes, type=" + type + ", status=" + status
                + ", descriptors=" + descriptors + "]";
    }
}
