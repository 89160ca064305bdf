package io.aiges.server.oip;

import io.aiges.api.EngineSpec;
import io.aiges.config.AigesConfig;
import io.aiges.config.GrpcConfig;
import io.aiges.config.HttpConfig;
import io.aiges.engine.config.PoolConfig;
import io.aiges.engine.config.ServiceConfig;
import io.aiges.plugin.onnx.OnnxForm;
import io.aiges.server.AigesServer;
import io.aiges.server.ServedModels;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real server for the OIP tests on free loopback ports (HTTP and gRPC): model {@code echo}, a
 * Java engine handing every tensor back, and model {@code mnist}, the demo's model file through
 * the generic ONNX engine, as {@code aiges demo} serves it; optionally a model repository.
 */
final class OipServer {
    static final String ECHO = "echo";
    static final String MNIST = "mnist";
    static final long BODY_LIMIT = 8 << 20;

    private OipServer() {
    }

    static ServiceConfig echo() {
        return service(ECHO, new EngineSpec(ECHO, "java", null, TensorEchoEngine.class.getName(), Map.of(), Path.of(".")));
    }

    static ServiceConfig mnist() {
        return service(MNIST, new EngineSpec(MNIST, OnnxForm.NAME, OnnxForm.MNIST_MODEL, null, Map.of(), Path.of(".")));
    }

    static AigesServer start(List<ServiceConfig> services, Path repository, boolean control) {
        AigesConfig config = new AigesConfig(null, echo(), new HttpConfig("127.0.0.1", 0, BODY_LIMIT),
                new GrpcConfig(true, "127.0.0.1", 0));
        return AigesServer.start(config, new ServedModels(services, repository, control));
    }

    private static ServiceConfig service(String name, EngineSpec engine) {
        return new ServiceConfig(name, engine, new PoolConfig(2, 50, Duration.ofSeconds(5)), Duration.ofSeconds(10));
    }
}
