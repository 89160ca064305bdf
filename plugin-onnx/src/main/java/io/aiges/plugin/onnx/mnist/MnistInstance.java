package io.aiges.plugin.onnx.mnist;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.aiges.api.DataItem;
import io.aiges.api.DataType;
import io.aiges.api.ErrorCodes;
import io.aiges.api.Params;
import io.aiges.api.Wrapper;
import io.aiges.api.WrapperException;
import io.aiges.plugin.onnx.OrtSessions;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

/** One instance of the digit demo: holds nothing but the engine's shared session. */
final class MnistInstance implements Wrapper {
    private static final long[] SHAPE = {1, 1, DigitImagePreprocessor.SIDE, DigitImagePreprocessor.SIDE};

    private final OrtSession session;

    MnistInstance(OrtSession session) {
        this.session = session;
    }

    @Override
    public List<DataItem> once(Params params, List<DataItem> inputs) throws WrapperException {
        float[] pixels = DigitImagePreprocessor.preprocess(imageOf(inputs).data());
        try (OnnxTensor input = OnnxTensor.createTensor(OrtSessions.environment(), FloatBuffer.wrap(pixels), SHAPE);
             OrtSession.Result result = session.run(Map.of(MnistEngine.INPUT, input))) {
            OnnxTensor logits = (OnnxTensor) result.get(MnistEngine.OUTPUT).orElseThrow();
            float[] values = new float[(int) logits.getInfo().getNumElements()];
            logits.getFloatBuffer().get(values);
            return List.of(DigitAnswer.of(values).toDataItem("result"));
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
