package io.segmenter.app.process;

import io.segmenter.app.state.StoreNames;
import io.segmenter.app.metrics.SegmenterMetrics;
import io.segmenter.app.profile.CurrencyConverter;
import io.segmenter.app.profile.ProfileFolder;
import io.segmenter.app.score.SegmentEvaluator;
import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.EmitReason;
import io.segmenter.avro.SegmentAssignment;
import io.segmenter.avro.SegmentModel;
import io.segmenter.avro.Transaction;
import io.segmenter.model.RfmFeatures;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-customer state machine (one instance per task): dedupes and folds transactions into profiles,
 * scores them with the model in use, emits assignments when they change, re-evaluates customers whose
 * segment may change as time passes (found through a due-time index, never by scanning every customer),
 * re-scores every customer in bounded chunks after a new model, and erases customers on request.
 */
public final class CustomerProcessor implements Processor<String, CustomerCommand, String, Emission> {

    private static final Logger LOG = LoggerFactory.getLogger(CustomerProcessor.class);
    private static final String STREAM_TIME = "stream-time";
    private static final byte[] EMPTY = new byte[0];

    private final FoldSettings settings;
    private final ProfileFolder folder;
    private final CurrencyConverter currencies;
    private final SegmenterMetrics metrics;
    private final ModelHolder model;

    private ProcessorContext<String, Emission> context;
    private KeyValueStore<String, CustomerProfile> profiles;
    private KeyValueStore<String, SegmentAssignment> assignments;
    private KeyValueStore<Bytes, byte[]> dueIndex;
    private KeyValueStore<String, Long> dueByCustomer;
    private KeyValueStore<String, Long> dedupe;
    private KeyValueStore<Bytes, byte[]> dedupeExpiry;
    private KeyValueStore<String, Long> clock;
    private String taskName;

    private SegmentEvaluator evaluator;
    private Rescore rescore;

    /** Cursor of the background re-score after a new model: the last customer id visited. */
    private static final class Rescore {
        String after;
        long done;
        final long total;

        Rescore(long total) {
            this.total = total;
        }
    }

    public CustomerProcessor(FoldSettings settings, CurrencyConverter currencies, ModelHolder model, SegmenterMetrics metrics) {
        this.model = model;
        this.settings = settings;
        this.folder = new ProfileFolder(settings.horizonDays(), settings.bucketDays(), currencies.reporting());
        this.currencies = currencies;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Emission> context) {
        this.context = context;
        profiles = context.getStateStore(StoreNames.PROFILES);
        assignments = context.getStateStore(StoreNames.ASSIGNMENTS);
        dueIndex = context.getStateStore(StoreNames.DUE_INDEX);
        dueByCustomer = context.getStateStore(StoreNames.DUE_BY_CUSTOMER);
        dedupe = context.getStateStore(StoreNames.DEDUPE);
        dedupeExpiry = context.getStateStore(StoreNames.DEDUPE_EXPIRY);
        clock = context.getStateStore(StoreNames.CLOCK);
        taskName = context.taskId().toString();
        context.schedule(settings.tickInterval(), PunctuationType.WALL_CLOCK_TIME, ignored -> tick());
    }

    @Override
    public void process(Record<String, CustomerCommand> record) {
        refreshModel();
        if (record.key() == null) {
            return; // erasures without a key name nobody; transactions always have one after re-keying
        }
        if (record.value() == null || record.value().isErasure()) {
            erase(record.key(), record.timestamp());
        } else {
            apply(record.key(), record.value().transaction(), record.timestamp());
        }
    }

    private void apply(String customerId, Transaction t, long recordTimestamp) {
        long eventTime = t.getEventTime().toEpochMilli();
        long now = advanceClock(eventTime);
        String dedupeKey = Keys.dedupe(customerId, t.getTransactionId());
        if (dedupe.get(dedupeKey) != null) {
            metrics.duplicate();
            return;
        }
        dedupe.put(dedupeKey, now);
        dedupeExpiry.put(Keys.timed(now + settings.dedupeRetentionMs(), dedupeKey), EMPTY);

        CustomerProfile before = profiles.get(customerId);
        if (before == null) {
            before = folder.empty(customerId, now);
        }
        long amount = currencies.toReportingMinor(t.getAmountMinor(), t.getCurrency());
        CustomerProfile after = folder.apply(before, t.getKind(), eventTime, amount, now);
        profiles.put(customerId, after);
        context.forward(new Record<>(customerId, Emission.profile(after), recordTimestamp));
        metrics.applied();
        evaluate(after, now, EmitReason.NEW_EVENT, eventTime, recordTimestamp, recordTimestamp);
    }

    /** Scores the profile (when a model exists), emits on change, and files the customer under their next due time. */
    private void evaluate(CustomerProfile profile, long now, EmitReason reason, Long sourceEventTime, Long latencyFrom, long outputTimestamp) {
        String customerId = profile.getCustomerId();
        long due = folder.nextBucketExpiry(profile);
        if (evaluator != null && RfmFeatures.isScorable(profile)) {
            SegmentEvaluator.Evaluation e = evaluator.evaluate(profile, now);
            SegmentAssignment previous = assignments.get(customerId);
            SegmentAssignment next = evaluator.assignment(profile, e, previous, reason, now, sourceEventTime);
            boolean segmentChanged = previous == null || previous.getSegmentId() != next.getSegmentId();
            boolean changed = segmentChanged || !previous.getRfmSegment().equals(next.getRfmSegment());
            if (changed || settings.emitAlways()) {
                assignments.put(customerId, next);
                context.forward(new Record<>(customerId, Emission.segment(next), outputTimestamp));
                metrics.assignmentEmitted(reason, previous == null ? null : previous.getSegmentLabel(), next.getSegmentLabel(), segmentChanged);
                if (latencyFrom != null) {
                    metrics.latency(latencyFrom);
                }
            } else {
                // keep the stored assignment current (features, scores, distance, model version) for queries and
                // the re-score cursor, without an emission; what describes the last change stays
                next.setPreviousSegmentId(previous.getPreviousSegmentId());
                next.setPreviousRfmSegment(previous.getPreviousRfmSegment());
                next.setReason(previous.getReason());
                next.setAssignedAt(previous.getAssignedAt());
                next.setSourceEventTime(previous.getSourceEventTime());
                assignments.put(customerId, next);
            }
            due = evaluator.nextChange(profile, e, now, due);
        }
        reindex(customerId, due);
    }

    private void reindex(String customerId, long due) {
        Long old = dueByCustomer.get(customerId);
        if (Objects.equals(old, due == Long.MAX_VALUE ? null : due)) {
            return;
        }
        if (old != null) {
            dueIndex.delete(Keys.timed(old, customerId));
        }
        if (due == Long.MAX_VALUE) {
            dueByCustomer.delete(customerId);
        } else {
            dueIndex.put(Keys.timed(due, customerId), EMPTY);
            dueByCustomer.put(customerId, due);
        }
    }

    private void erase(String customerId, long timestamp) {
        profiles.delete(customerId);
        assignments.delete(customerId);
        reindex(customerId, Long.MAX_VALUE);
        List<KeyValue<String, Long>> seen = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = dedupe.prefixScan(Keys.dedupePrefix(customerId), new StringSerializer())) {
            it.forEachRemaining(seen::add);
        }
        for (KeyValue<String, Long> kv : seen) {
            dedupe.delete(kv.key);
            dedupeExpiry.delete(Keys.timed(kv.value + settings.dedupeRetentionMs(), kv.key));
        }
        context.forward(new Record<>(customerId, new Emission(Emission.Target.PROFILE, null), timestamp));
        context.forward(new Record<>(customerId, new Emission(Emission.Target.SEGMENT, null), timestamp));
        LOG.info("Erased a customer in task {} ({} dedupe entries)", taskName, seen.size());
    }

    /** The periodic look: purge expired dedupe entries, re-evaluate due customers, run one re-score chunk. */
    void tick() {
        refreshModel();
        long now = now();
        for (Bytes key : dueKeys(dedupeExpiry, now, settings.tickMaxCustomers())) {
            dedupeExpiry.delete(key);
            dedupe.delete(Keys.id(key));
        }
        List<Bytes> due = dueKeys(dueIndex, now, settings.tickMaxCustomers());
        for (Bytes key : due) {
            String customerId = Keys.id(key);
            dueIndex.delete(key);
            dueByCustomer.delete(customerId);
            CustomerProfile profile = profiles.get(customerId);
            if (profile == null) {
                continue;
            }
            if (folder.changesAt(profile, now)) {
                profile = folder.roll(profile, now);
                profiles.put(customerId, profile);
                context.forward(new Record<>(customerId, Emission.profile(profile), now));
            }
            evaluate(profile, now, EmitReason.TIME_PASSED, null, null, now);
        }
        if (!due.isEmpty()) {
            LOG.debug("Task {} re-evaluated {} due customers", taskName, due.size());
        }
        rescoreChunk(now);
    }

    /** Keys of the index due at or before {@code now}, earliest first, at most {@code max}: a range scan, never a full scan. */
    private static List<Bytes> dueKeys(KeyValueStore<Bytes, byte[]> index, long now, int max) {
        List<Bytes> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = index.range(null, Keys.dueUpTo(now))) {
            while (it.hasNext() && keys.size() < max) {
                keys.add(it.next().key);
            }
        }
        return keys;
    }

    private void refreshModel() {
        SegmentModel current = model.get();
        if (current != null && (evaluator == null || evaluator.version() != current.getVersion())) {
            evaluator = new SegmentEvaluator(current, settings.bucketDays(), settings.dueSearchMaxDays());
            rescore = new Rescore(profiles.approximateNumEntries());
            metrics.rescoreProgress(taskName, 0, rescore.total);
            LOG.info("Task {} uses model {} version {}; re-scoring its customers in the background", taskName, current.getName(), current.getVersion());
        }
    }

    private void rescoreChunk(long now) {
        if (rescore == null) {
            return;
        }
        List<CustomerProfile> chunk = new ArrayList<>(settings.rescoreChunkSize());
        try (KeyValueIterator<String, CustomerProfile> it = profiles.range(rescore.after, null)) {
            while (it.hasNext() && chunk.size() < settings.rescoreChunkSize()) {
                KeyValue<String, CustomerProfile> kv = it.next();
                if (!kv.key.equals(rescore.after)) {
                    chunk.add(kv.value);
                }
            }
        }
        long rescored = 0;
        for (CustomerProfile profile : chunk) {
            SegmentAssignment current = assignments.get(profile.getCustomerId());
            if (current == null || current.getModelVersion() != evaluator.version()) {
                evaluate(profile, now, EmitReason.NEW_MODEL, null, null, now);
                rescored++;
            }
            rescore.after = profile.getCustomerId();
        }
        rescore.done += chunk.size();
        metrics.rescored(rescored);
        if (chunk.size() < settings.rescoreChunkSize()) {
            LOG.info("Task {} finished re-scoring against model version {}", taskName, evaluator.version());
            metrics.rescoreProgress(taskName, 1, 1);
            rescore = null;
        } else {
            metrics.rescoreProgress(taskName, rescore.done, Math.max(rescore.total, rescore.done + 1));
        }
    }

    private long advanceClock(long eventTime) {
        if (!settings.streamClock()) {
            return context.currentSystemTimeMs();
        }
        Long current = clock.get(STREAM_TIME);
        if (current == null || eventTime > current) {
            clock.put(STREAM_TIME, eventTime);
            return eventTime;
        }
        return current;
    }

    private long now() {
        if (!settings.streamClock()) {
            return context.currentSystemTimeMs();
        }
        Long current = clock.get(STREAM_TIME);
        return current == null ? 0L : current;
    }
}
