package io.segmenter.http;

/** A JSON answer passed through as received (e.g. from the instance that owns a key). */
public record RawJson(byte[] bytes) {}
