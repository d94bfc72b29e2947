package io.inkstone.llm.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Starts DJL's PyTorch engine the way Inkstone needs it: offline (never a download), without the TorchScript
 * graph optimizer (it re-profiles on every new sequence length and gains nothing for these calls), with an
 * explicit thread count, and without DJL's start-up chatter on stderr (its INFO lines, and a CUDA warning that a
 * CPU-only libtorch always prints). Settings given on the command line win.
 */
final class TorchEnvironment {

    private static Engine engine;

    private TorchEnvironment() {}

    /** Starts the engine once per JVM. */
    static synchronized Engine start() {
        if (engine == null) {
            setDefault("org.slf4j.simpleLogger.log.ai.djl", "warn");
            setDefault("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
            if (System.getProperty("ai.djl.offline") == null) System.setProperty("ai.djl.offline", "true");
            if (System.getProperty("ai.djl.pytorch.graph_optimizer") == null) System.setProperty("ai.djl.pytorch.graph_optimizer", "false");
            try {
                engine = Engine.getEngine("PyTorch");
            } catch (RuntimeException | UnsatisfiedLinkError e) {
                throw new io.inkstone.llm.ModelLoadException("libtorch (DJL's PyTorch engine) could not start: " + e.getMessage()
                        + ". Inkstone needs the pytorch-native-cpu jar on the class path and a writable DJL cache folder"
                        + " (-DDJL_CACHE_DIR=DIR, default ~/.djl.ai); rebuild with 'mvn package' if the jars are missing", e);
            }
        }
        prepareThread();
        return engine;
    }

    /** Whether this thread has switched the graph optimizer off (a per-thread setting in libtorch). */
    private static final ThreadLocal<Boolean> PREPARED = ThreadLocal.withInitial(() -> false);

    /** Switches libtorch's TorchScript graph optimizer off for the calling thread, once. */
    static void prepareThread() {
        if (!PREPARED.get()) {
            JniUtils.setGraphExecutorOptimize(false);
            PREPARED.set(true);
        }
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) System.setProperty(key, value);
    }

    /** The first GPU when libtorch sees one, else the CPU. */
    static Device device() {
        return start().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }

    /** Sets libtorch's intra-op thread count (process-wide). */
    static void setThreads(int threads) {
        start();
        JniUtils.setNumThreads(threads);
    }

    /** libtorch's current intra-op thread count. */
    static int threads() {
        start();
        return JniUtils.getNumThreads();
    }
}
