package io.segmenter.app;

import io.segmenter.app.config.SegmenterConfig;
import java.nio.file.Path;
import java.util.Map;

/** Runs one app instance from a properties file in its own JVM, so a test can kill it like a crash (SIGKILL). */
public final class InstanceMain {

    private InstanceMain() {}

    public static void main(String[] args) throws Exception {
        SegmenterApp app = new SegmenterApp(SegmenterConfig.load(Path.of(args[0]), Map.of(), Map.of()));
        Runtime.getRuntime().addShutdownHook(new Thread(app::close));
        app.start();
        app.awaitStop();
    }
}
