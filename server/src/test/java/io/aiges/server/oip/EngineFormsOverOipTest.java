package io.aiges.server.oip;

import com.google.protobuf.ByteString;
import io.aiges.server.AigesServer;
import io.aiges.server.oip.grpc.v2.DataType;
import io.aiges.server.oip.grpc.v2.GRPCInferenceServiceGrpc;
import io.aiges.server.oip.grpc.v2.InferTensorContents;
import io.aiges.server.oip.grpc.v2.ModelInferRequest;
import io.aiges.server.oip.grpc.v2.ModelConfig;
import io.aiges.server.oip.grpc.v2.ModelConfigRequest;
import io.aiges.server.oip.grpc.v2.ModelInferResponse;
import io.aiges.server.oip.grpc.v2.ModelInstanceGroup;
import io.aiges.server.oip.grpc.v2.ModelStatistics;
import io.aiges.server.oip.grpc.v2.ModelStatisticsRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A C engine and a Python engine dropped into a model repository as engine folders, called
 * through OIP gRPC: the C echo engine hands an FP32 tensor back byte for byte (dtype and shape
 * travel as its descriptors), the Python wrapper.py gets a one-element BYTES tensor as the plain
 * bytes of a PNG, as it would from /v1; each form's model configuration and statistics are
 * answered in Triton's shape.
 */
class EngineFormsOverOipTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path repository;

    @Test
    void cAndPythonEnginesServeTensors() throws Exception {
        Path c = Files.createDirectories(repository.resolve("cecho/1"));
        Process gcc = new ProcessBuilder("gcc", "-shared", "-fPIC", "-O1", "-I", REPO.resolve("include").toString(),
                "-o", c.resolve("libwrapper.so").toString(),
                REPO.resolve("plugin-native/src/test/c/echo_engine.c").toString()).redirectErrorStream(true).start();
        assertThat(gcc.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(gcc.exitValue()).as(new String(gcc.getInputStream().readAllBytes())).isZero();
        Path python = Files.createDirectories(repository.resolve("pymnist/1"));
        try (Stream<Path> files = Files.list(REPO.resolve("plugin-python/src/test/resources/wrappers/mnist"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, python.resolve(file.getFileName()));
            }
        }
        try (AigesServer server = OipServer.start(List.of(), repository, false)) {
            ManagedChannel channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.grpcPort(),
                    InsecureChannelCredentials.create()).build();
            try {
                var stub = GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
                byte[] floats = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putFloat(1).putFloat(-2.5f)
                        .putFloat(1e9f).array();
                ModelInferResponse echoed = stub.modelInfer(ModelInferRequest.newBuilder().setModelName("cecho")
                        .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("x").setDatatype("FP32")
                                .addAllShape(List.of(1L, 3L)))
                        .addRawInputContents(ByteString.copyFrom(floats)).build());
                assertThat(echoed.getOutputs(0).getName()).isEqualTo("x");
                assertThat(echoed.getOutputs(0).getDatatype()).isEqualTo("FP32");
                assertThat(echoed.getOutputs(0).getShapeList()).containsExactly(1L, 3L);
                assertThat(echoed.getRawOutputContents(0).toByteArray()).isEqualTo(floats);

                byte[] png = Files.readAllBytes(REPO.resolve("fixtures/mnist-seed-digit7.png"));
                ModelInferResponse digit = GRPCInferenceServiceGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(30, TimeUnit.SECONDS)
                        .modelInfer(ModelInferRequest.newBuilder().setModelName("pymnist")
                                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("img")
                                        .setDatatype("BYTES").addShape(1)
                                        .setContents(InferTensorContents.newBuilder().addBytesContents(ByteString.copyFrom(png))))
                                .build());
                assertThat(digit.getOutputs(0).getName()).isEqualTo("result");
                assertThat(digit.getOutputs(0).getDatatype()).isEqualTo("BYTES");
                assertThat(RawOutputs.strings(digit, 0).getFirst()).contains("result is: ");

                // Triton's model configuration and statistics for each form, from what aiges knows of it.
                for (String model : List.of("cecho", "pymnist")) {
                    ModelConfig config = stub.modelConfig(ModelConfigRequest.newBuilder().setName(model).build()).getConfig();
                    assertThat(config.getName()).isEqualTo(model);
                    assertThat(config.getPlatform()).isEqualTo(model.equals("cecho") ? "aiges_c" : "aiges_python");
                    assertThat(config.getBackend()).isEqualTo(model.equals("cecho") ? "c" : "python");
                    assertThat(config.getInstanceGroup(0).getCount()).isPositive();
                    assertThat(config.getInstanceGroup(0).getKind()).isEqualTo(ModelInstanceGroup.Kind.KIND_MODEL);
                    ModelStatistics stats = stub.modelStatistics(ModelStatisticsRequest.newBuilder().setName(model).build())
                            .getModelStats(0);
                    assertThat(stats.getInferenceCount()).isEqualTo(1);
                    assertThat(stats.getInferenceStats().getComputeInfer().getNs()).isPositive();
                }
                assertThat(stub.modelConfig(ModelConfigRequest.newBuilder().setName("pymnist").build()).getConfig()
                        .getInput(0)).satisfies(img -> {
                            assertThat(img.getName()).isEqualTo("img");
                            assertThat(img.getDataType()).isEqualTo(DataType.TYPE_STRING);
                        });
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }
}
