package io.aiges.demo.mnist;

import io.aiges.api.DataItem;

import java.util.Locale;
import java.util.Map;

/**
 * The demo's answer: the recognised digit and the model's softmax probability for it, written
 * as the original AIGES demo wrote it, plus the probability.
 *
 * <pre>{@code
 * DigitAnswer.of(logits).toJson()
 * // {"result": 7, "msg": "识别结果为数字: 7", "probability": 0.9987}
 * }</pre>
 */
record DigitAnswer(int digit, double probability) {

    /** The most likely digit of a model's ten logits. */
    static DigitAnswer of(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        // Softmax of the winner, shifted by the largest logit so exp() cannot overflow.
        double sum = 0;
        for (float logit : logits) {
            sum += Math.exp(logit - logits[best]);
        }
        return new DigitAnswer(best, 1 / sum);
    }

    String toJson() {
        return String.format(Locale.ROOT, "{\"result\": %d, \"msg\": \"识别结果为数字: %d\", \"probability\": %.4f}",
                digit, digit, probability);
    }

    DataItem toDataItem(String key) {
        return DataItem.text(key, toJson()).withDescriptors(Map.of("encoding", "utf8", "format", "json"));
    }
}
