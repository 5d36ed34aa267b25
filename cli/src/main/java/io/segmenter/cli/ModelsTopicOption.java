package io.segmenter.cli;

import picocli.CommandLine.Option;

/** The models-topic option of every command that reads or publishes models ({@code train}, {@code report}, {@code model}). */
public final class ModelsTopicOption {

    public static final String DEFAULT = "segment-models";

    @Option(names = "--models-topic", paramLabel = "TOPIC",
            description = "Topic of models, key = model name (topic.models; default: " + DEFAULT + "; its history is <topic>-history).")
    String modelsTopic;

    /** The topic given, or null (a service's config then decides). */
    String given() {
        return modelsTopic;
    }

    /** The topic given, or the default. */
    String topic() {
        return modelsTopic != null ? modelsTopic : DEFAULT;
    }
}
