// A one-shot gRPC call to aiges (service aiges.v1.Aiges/Once) with the generated Java stubs.
// Run it against a running aiges with the distribution's jars on the class path:
//   java -cp "cli/target/dist/lib/*" docs/examples/GrpcOnce.java 127.0.0.1:5090 svcName fixtures/mnist-seed-digit7.png
// It sends the image as input "img" and prints every output of the answer.

import io.aiges.server.grpc.v1.AigesGrpc;
import io.aiges.server.grpc.v1.DataItem;
import io.aiges.server.grpc.v1.DataStatus;
import io.aiges.server.grpc.v1.DataType;
import io.aiges.server.grpc.v1.OnceRequest;
import io.aiges.server.grpc.v1.OnceResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import com.google.protobuf.ByteString;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

public class GrpcOnce {
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: java GrpcOnce.java HOST:PORT SERVICE IMAGE");
            System.exit(2);
        }
        ManagedChannel channel = ManagedChannelBuilder.forTarget(args[0]).usePlaintext().build();
        try {
            OnceRequest request = OnceRequest.newBuilder()
                    .setService(args[1])
                    .addInputs(DataItem.newBuilder()
                            .setKey("img")
                            .setType(DataType.IMAGE)
                            .setStatus(DataStatus.ONCE)
                            .setData(ByteString.copyFrom(Files.readAllBytes(Path.of(args[2])))))
                    .build();
            OnceResponse response = AigesGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(30, TimeUnit.SECONDS)
                    .once(request);
            System.out.println("sid " + response.getHeader().getSid() + ", code " + response.getHeader().getCode());
            for (DataItem output : response.getOutputsList()) {
                String shown = output.getType() == DataType.TEXT ? output.getData().toStringUtf8()
                        : output.getData().size() + " bytes";
                System.out.println(output.getKey() + " (" + output.getType() + "): " + shown);
            }
        } catch (StatusRuntimeException e) {
            // aiges puts its error code in the trailer aiges-code.
            System.out.println("failed: " + e.getStatus() + " aiges-code=" + e.getTrailers()
                    .get(io.grpc.Metadata.Key.of("aiges-code", io.grpc.Metadata.ASCII_STRING_MARSHALLER)));
            System.exit(1);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
