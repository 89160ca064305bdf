package io.aiges.demo.mnist;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.aiges.api.BatchItem;
import io.aiges.api.BatchOutcome;
import io.aiges.api.BatchWrapper;
import io.aiges.api.DataItem;
import io.aiges.api.DataType;
import io.aiges.api.ErrorCodes;
import io.aiges.api.Params;
import io.aiges.api.WrapperException;
import io.aiges.plugin.onnx.OrtSessions;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One instance of the digit demo: holds nothing but the engine's shared session. A batch of
 * pictures is preprocessed one by one (a picture that does not decode fails alone) and the
 * digits are recognised in one model run.
 */
final class MnistInstance implements BatchWrapper {
    private static final int PIXELS = DigitImagePreprocessor.SIDE * DigitImagePreprocessor.SIDE;
    private static final long[] SHAPE = {1, 1, DigitImagePreprocessor.SIDE, DigitImagePreprocessor.SIDE};

    private final OrtSession session;

    MnistInstance(OrtSession session) {
        this.session = session;
    }

    @Override
    public List<DataItem> once(Params params, List<DataItem> inputs) throws WrapperException {
        return switch (onceBatch(List.of(new BatchItem(params, inputs))).getFirst()) {
            case BatchOutcome.Outputs outputs -> outputs.items();
            case BatchOutcome.Failed failed -> throw failed.error();
        };
    }

    @Override
    public List<BatchOutcome> onceBatch(List<BatchItem> batch) throws WrapperException {
        BatchOutcome[] outcomes = new BatchOutcome[batch.size()];
        List<Integer> members = new ArrayList<>(batch.size());
        float[] pixels = new float[batch.size() * PIXELS];
        for (int i = 0; i < batch.size(); i++) {
            try {
                float[] digit = DigitImagePreprocessor.preprocess(imageOf(batch.get(i).inputs()).data());
                System.arraycopy(digit, 0, pixels, members.size() * PIXELS, PIXELS);
                members.add(i);
            } catch (WrapperException e) {
                outcomes[i] = BatchOutcome.failed(e);
            }
        }
        if (members.isEmpty()) {
            return Arrays.asList(outcomes);
        }
        long[] shape = SHAPE.clone();
        shape[0] = members.size();
        try (OnnxTensor input = OnnxTensor.createTensor(OrtSessions.environment(),
                FloatBuffer.wrap(pixels, 0, members.size() * PIXELS), shape);
             OrtSession.Result result = session.run(Map.of(MnistEngine.INPUT, input))) {
            OnnxTensor logits = (OnnxTensor) result.get(MnistEngine.OUTPUT).orElseThrow();
            float[] all = new float[(int) logits.getInfo().getNumElements()];
            logits.getFloatBuffer().get(all);
            int classes = all.length / members.size();
            for (int m = 0; m < members.size(); m++) {
                float[] own = Arrays.copyOfRange(all, m * classes, (m + 1) * classes);
                outcomes[members.get(m)] = BatchOutcome.of(List.of(DigitAnswer.of(own).toDataItem("result")));
            }
            return Arrays.asList(outcomes);
        } catch (OrtException e) {
            throw OrtSessions.runFailed(e);
        }
    }

    /** The picture: the only input whatever its type, else the one keyed {@code img}, else the first image. */
    private static DataItem imageOf(List<DataItem> inputs) throws WrapperException {
        if (inputs.size() == 1) {
            return inputs.getFirst();
        }
        return inputs.stream().filter(item -> item.key().equals("img")).findFirst()
                .or(() -> inputs.stream().filter(item -> item.type() == DataType.IMAGE).findFirst())
                .orElseThrow(() -> new WrapperException(ErrorCodes.INVALID_DATA,
                        "no image in the request: send the digit as payload 'img' (PNG or JPEG)"));
    }
}
