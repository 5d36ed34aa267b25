package io.segmenter.app.process;

import io.segmenter.app.metrics.SegmenterMetrics;
import io.segmenter.app.model.ModelsInUse;
import io.segmenter.app.profile.CurrencyConverter;
import io.segmenter.app.score.SegmentEvaluator;
import io.segmenter.app.state.CachedCustomerStates;
import io.segmenter.app.state.CustomerState;
import io.segmenter.app.state.IdFingerprints;
import io.segmenter.app.state.Keys;
import io.segmenter.app.state.OutcomeCounts;
import io.segmenter.app.state.StoreNames;
import io.segmenter.app.validate.DeadLetters;
import io.segmenter.app.validate.RejectReason;
import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.EmitReason;
import io.segmenter.avro.SegmentAssignment;
import io.segmenter.avro.SegmentModel;
import io.segmenter.avro.Transaction;
import io.segmenter.model.ProfileFolder;
import io.segmenter.model.RfmFeatures;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-customer processor (one instance per task). It only orchestrates the units: {@link Dedupe}, the
 * fold ({@link ProfileFolder}), the evaluation ({@link SegmentEvaluator}), the {@link DueIndex} and the
 * background {@link Rescore}, over one state record per customer ({@link CustomerState}). A transaction
 * costs one cached write of that record; assignments go to {@link #SEGMENTS} when a reader-visible segment
 * changes, profiles reach {@link #PROFILES} when the state store's cache flushes, refused events go to
 * {@link #REFUSED}.
 */
public final class CustomerProcessor implements Processor<String, CustomerCommand, String, Object> {

    /** Child receiving SegmentAssignment records (null value: erased). */
    public static final String SEGMENTS = "segment-output";
    /** Child receiving CustomerProfile records (null value: erased). */
    public static final String PROFILES = "profile-output";
    /** Child receiving transactions refused here (older than the dedupe retention), with the reason in headers. */
    public static final String REFUSED = "refused-output";

    private static final Logger LOG = LoggerFactory.getLogger(CustomerProcessor.class);
    private static final String STREAM_TIME = "stream-time";

    private final FoldSettings settings;
    private final ProfileFolder folder;
    private final CurrencyConverter currencies;
    private final SegmenterMetrics metrics;
    private final ModelsInUse models;
    private final UnwritableCustomers unwritable;

    private ProcessorContext<String, Object> context;
    private CachedCustomerStates.ProcessorView states;
    private KeyValueStore<String, Long> clock;
    private Dedupe dedupe;
    private OutcomeCounts outcomes;
    private DueIndex dueIndex;
    private long streamTime;
    private String taskName;

    private SegmentEvaluator evaluator;
    private Rescore rescore;

    public CustomerProcessor(FoldSettings settings, CurrencyConverter currencies, ModelsInUse models, SegmenterMetrics metrics,
            UnwritableCustomers unwritable) {
        this.models = models;
        this.unwritable = unwritable;
        this.settings = settings;
        this.folder = new ProfileFolder(settings.horizonDays(), settings.bucketDays(), currencies.reporting());
        this.currencies = currencies;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        CachedCustomerStates cache = CachedCustomerStates.find(context.getStateStore(StoreNames.CUSTOMER_STATE));
        if (cache == null) {
            throw new IllegalStateException(StoreNames.CUSTOMER_STATE + " must be built with CachedCustomerStates.builder");
        }
        cache.setFlushListener(new ProfileFlushForwarder(context, PROFILES));
        states = cache.processorView();
        clock = context.getStateStore(StoreNames.CLOCK);
        dedupe = new Dedupe(settings.dedupeRetentionMs(), settings.dedupeInlineIds(), Dedupe.over(context.getStateStore(StoreNames.DEDUPE_ARCHIVE)));
        dueIndex = new DueIndex(context.getStateStore(StoreNames.DUE_INDEX));
        outcomes = new OutcomeCounts(context.getStateStore(StoreNames.OUTCOMES));
        Long stored = clock.get(STREAM_TIME);
        streamTime = stored == null ? 0L : stored;
        taskName = context.taskId().toString();
        evaluator = null;
        rescore = null;
        context.schedule(settings.tickInterval(), PunctuationType.WALL_CLOCK_TIME, ignored -> tick());
    }

    @Override
    public void process(Record<String, CustomerCommand> record) {
        refreshModel();
        if (record.key() == null) {
            return; // erasures without a key name nobody; transactions always have one after re-keying
        }
        String unwritableCause = unwritable.cause(record.key());
        if (record.value() == null || record.value().isErasure()) {
            erase(record.key(), record.timestamp(), unwritableCause == null);
        } else if (unwritableCause != null) {
            refuse(record, record.value().transaction(), RejectReason.UNWRITABLE, "an output of this customer was refused by the broker ("
                    + unwritableCause + "); its records go here instead of aborting every transaction");
            metrics.rejected(RejectReason.UNWRITABLE.label());
            outcomes.rejected(RejectReason.UNWRITABLE);
        } else {
            apply(record, record.value().transaction());
        }
    }

    private void apply(Record<String, CustomerCommand> record, Transaction t) {
        String customerId = record.key();
        long eventTime = t.getEventTime().toEpochMilli();
        long now = advanceClock(eventTime);
        CustomerState state = states.get(customerId);
        long fingerprint = IdFingerprints.of(t.getTransactionId());
        switch (dedupe.check(state, customerId, fingerprint, eventTime, now)) {
            case DUPLICATE -> {
                metrics.duplicate();
                outcomes.duplicate();
                return;
            }
            case BEYOND_RETENTION -> {
                refuse(record, t, RejectReason.BEYOND_DEDUPE_RETENTION, "event time " + t.getEventTime()
                        + " is older than the dedupe retention (" + settings.dedupeRetentionMs() + " ms before " + Instant.ofEpochMilli(now) + ")");
                metrics.rejected(RejectReason.BEYOND_DEDUPE_RETENTION.label());
                outcomes.rejected(RejectReason.BEYOND_DEDUPE_RETENTION);
                return;
            }
            case NEW -> { }
        }
        if (state == null) {
            state = CustomerState.of(folder.empty(customerId, now));
        }
        dedupe.record(state, customerId, fingerprint, eventTime, now);
        long amount = currencies.toReportingMinor(t.getAmountMinor(), t.getCurrency());
        state.profile(folder.apply(state.profile(), t.getKind(), eventTime, amount, now));
        metrics.applied();
        outcomes.applied();
        evaluate(state, now, EmitReason.NEW_EVENT, eventTime, record.timestamp(), record.timestamp());
        save(customerId, state, record.timestamp());
    }

    private void refuse(Record<String, CustomerCommand> record, Transaction t, RejectReason reason, String message) {
        Optional<RecordMetadata> meta = context.recordMetadata();
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        DeadLetters.stamp(headers, reason, message, meta.map(RecordMetadata::topic).orElse(null),
                meta.map(RecordMetadata::partition).orElse(-1), meta.map(RecordMetadata::offset).orElse(-1L));
        context.forward(new Record<>(record.key(), (Object) t, record.timestamp(), headers), REFUSED);
    }

    private void save(String customerId, CustomerState state, long timestamp) {
        states.put(customerId, state, timestamp); // its profile goes out when the cache writes it
    }

    /**
     * Scores the state's profile (when a model exists), emits on a reader-visible change, and files the
     * customer under their next due time; true when the state changed.
     */
    private boolean evaluate(CustomerState state, long now, EmitReason reason, Long sourceEventTime, Long latencyFrom, long outputTimestamp) {
        CustomerProfile profile = state.profile();
        String customerId = profile.getCustomerId();
        long due = folder.nextBucketExpiry(profile);
        boolean changed = false;
        if (evaluator != null && RfmFeatures.isScorable(profile)) {
            SegmentEvaluator.Evaluation e = evaluator.evaluate(profile, now);
            SegmentAssignment previous = state.assignment();
            SegmentAssignment next = evaluator.assignment(profile, e, previous, reason, now, sourceEventTime);
            boolean segmentChanged = previous == null || previous.getSegmentId() != next.getSegmentId();
            boolean visible = segmentChanged || !previous.getRfmSegment().equals(next.getRfmSegment());
            if (visible || settings.emitAlways()) {
                context.forward(new Record<>(customerId, (Object) next, outputTimestamp), SEGMENTS);
                state.history(state.history().record(next));
                metrics.assignmentEmitted(reason, previous == null ? null : previous.getSegmentLabel(), next.getSegmentLabel(), segmentChanged);
                if (latencyFrom != null) {
                    metrics.latency(latencyFrom);
                }
            } else {
                // the stored assignment stays current (features, scores, distance, model version) for queries and
                // the re-score walk; what describes the last change stays as it was emitted
                next.setPreviousSegmentId(previous.getPreviousSegmentId());
                next.setPreviousRfmSegment(previous.getPreviousRfmSegment());
                next.setReason(previous.getReason());
                next.setAssignedAt(previous.getAssignedAt());
                next.setSourceEventTime(previous.getSourceEventTime());
            }
            changed = !next.equals(previous); // a look that changes nothing (a stale due entry) writes nothing
            state.assignment(next);
            due = evaluator.nextChange(profile, e, now, due);
        }
        return dueIndex.file(state, customerId, due) || changed;
    }

    /** Removes everything of the customer; {@code tombstones} false for a customer whose records the broker refuses (its key alone can be too large). */
    private void erase(String customerId, long timestamp, boolean tombstones) {
        CustomerState state = states.get(customerId);
        int archived = 0;
        if (state != null) {
            dueIndex.clear(state, customerId);
            dedupe.erase(state, customerId);
            archived = state.ids().archived().length;
            states.delete(customerId, timestamp);
        }
        if (tombstones) {
            context.forward(new Record<>(customerId, null, timestamp), SEGMENTS);
        }
        LOG.info("Erased a customer in task {} ({} archived dedupe periods)", taskName, archived);
    }

    /** The periodic look: re-evaluate due customers, run one re-score chunk. */
    void tick() {
        refreshModel();
        long now = now();
        List<Bytes> due = dueIndex.due(now, settings.tickMaxCustomers());
        for (Bytes key : due) {
            String customerId = Keys.id(key);
            CustomerState state = states.get(customerId);
            dueIndex.remove(key, state);
            if (state == null || unwritable.cause(customerId) != null) {
                continue; // erased since it was filed, or nothing of it can be written
            }
            boolean changed = state.filedDue() == CustomerState.NOT_FILED;
            if (folder.changesAt(state.profile(), now)) {
                state.profile(folder.roll(state.profile(), now));
                changed = true;
            }
            dedupe.forgetExpired(state, customerId, now);
            changed |= evaluate(state, now, EmitReason.TIME_PASSED, null, null, now);
            if (changed) {
                save(customerId, state, now);
            }
        }
        if (!due.isEmpty()) {
            LOG.debug("Task {} re-evaluated {} due customers", taskName, due.size());
        }
        rescoreChunk(now);
    }

    private void refreshModel() {
        SegmentModel current = models.scoring();
        if (current != null && (evaluator == null || evaluator.version() != current.getVersion())) {
            evaluator = new SegmentEvaluator(current, settings.bucketDays(), settings.dueSearchMaxDays());
            rescore = new Rescore(current.getVersion(), states.approximateNumEntries());
            metrics.rescoreProgress(taskName, 0, rescore.estimate());
            LOG.info("Task {} uses model {} version {}; re-scoring its customers in the background", taskName, current.getName(), current.getVersion());
        }
    }

    private void rescoreChunk(long now) {
        if (rescore == null) {
            return;
        }
        List<KeyValue<String, CustomerState>> chunk = rescore.next(states, settings.rescoreChunkSize());
        long rescored = 0;
        for (KeyValue<String, CustomerState> kv : chunk) {
            CustomerState state = kv.value;
            SegmentAssignment current = state.assignment();
            if ((current == null || current.getModelVersion() != rescore.version()) && RfmFeatures.isScorable(state.profile())
                    && unwritable.cause(kv.key) == null) {
                evaluate(state, now, EmitReason.NEW_MODEL, null, null, now);
                save(kv.key, state, now);
                rescored++;
            }
        }
        metrics.rescored(rescored);
        if (chunk.size() < settings.rescoreChunkSize()) {
            LOG.info("Task {} finished re-scoring against model version {}", taskName, evaluator.version());
            metrics.rescoreProgress(taskName, 1, 1);
            rescore = null;
        } else {
            metrics.rescoreProgress(taskName, rescore.done(), rescore.total());
        }
    }

    private long advanceClock(long eventTime) {
        if (!settings.streamClock()) {
            return context.currentSystemTimeMs();
        }
        if (eventTime > streamTime) {
            streamTime = eventTime;
            clock.put(STREAM_TIME, eventTime);
        }
        return streamTime;
    }

    private long now() {
        return settings.streamClock() ? streamTime : context.currentSystemTimeMs();
    }
}
