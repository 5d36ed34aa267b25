package io.segmenter.serde;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Since Avro 1.12.2, the specific-record decoder loads a class it finds by name in a schema (records,
 * enums, fixed types) only when the JVM-wide validator trusts it. The generated records of
 * {@code io.segmenter.avro} are ours: trust that package, added once to whatever the JVM already trusts
 * (system properties {@code org.apache.avro.SERIALIZABLE_PACKAGES} included). Writer schemas from a
 * registry can still name no other class.
 */
public final class TrustedClasses {

    static final String PACKAGE = "io.segmenter.avro.";
    private static boolean added;

    private TrustedClasses() {}

    /** Idempotent; every entry point (the command line, the app, the serdes) calls it before building a record. */
    public static synchronized void ensure() {
        if (!added) {
            ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(),
                    type -> type.getName().startsWith(PACKAGE)));
            added = true;
        }
    }
}
