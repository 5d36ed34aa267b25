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
import io.segmenter.avro.CustomerAttributes;
import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.EmitReason;
import io.segmenter.avro.SegmentAssignment;
import io.segmenter.avro.SegmentModel;
import io.segmenter.avro.Transaction;
import io.segmenter.model.AttributesFold;
import io.segmenter.model.ProfileFolder;
import io.segmenter.model.RfmFeatures;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** Child receiving the primary model's SegmentAssignment records (null value: erased); see {@link #segmentsChild}. */
    public static final String SEGMENTS = "segment-output";
    /** Child receiving CustomerProfile records (null value: erased). */
    public static final String PROFILES = "profile-output";
    /** Child receiving transactions refused here (older than the dedupe retention), with the reason in headers. */
    public static final String REFUSED = "refused-output";
    /** Child receiving attributes records refused here (beyond attributes.max.count), with the reason in headers. */
    public static final String REFUSED_ATTRIBUTES = "refused-attributes-output";

    /** The child receiving the assignments of model {@code name}: {@link #SEGMENTS} for the primary, {@code segment-output-NAME} for the others. */
    public static String segmentsChild(List<String> models, String name) {
        return name.equals(models.getFirst()) ? SEGMENTS : SEGMENTS + "-" + name;
    }

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

    private final Map<String, SegmentEvaluator> evaluators = new LinkedHashMap<>(); // by model name, the primary first
    private final Map<String, SegmentModel> unusable = new HashMap<>(); // a version the evaluator refused, not tried again
    private String[] children; // segment output child by position in models.scoringNames()
    private long generation; // counts model changes: the re-score walk of the latest one is the one running
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
        evaluators.clear();
        List<String> names = models.scoringNames();
        children = new String[names.size()];
        for (int i = 0; i < names.size(); i++) {
            children[i] = segmentsChild(names, names.get(i));
        }
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
        } else if (record.value().isAttributes()) {
            applyAttributes(record, record.value().attributes(), unwritableCause);
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
        folder.foldInto(state.profile(), t.getKind(), eventTime, amount, now); // the state's own profile: no copy per transaction
        metrics.applied();
        outcomes.applied();
        evaluate(state, now, EmitReason.NEW_EVENT, eventTime, record.timestamp(), record.timestamp());
        save(customerId, state, record.timestamp());
    }

    /**
     * Folds an attributes record (null: a tombstone, every attribute removed) into the customer's profile and
     * re-scores every model. Attributes carry their own time: an older record than the one applied is stale
     * and counted, not applied, and never moves the stream clock.
     */
    private void applyAttributes(Record<String, CustomerCommand> record, CustomerAttributes a, String unwritableCause) {
        String customerId = record.key();
        long now = now();
        CustomerState state = states.get(customerId);
        if (a == null && state == null) {
            metrics.attributes(SegmenterMetrics.ATTRIBUTES_CLEARED, SegmenterMetrics.REASON_NONE);
            return; // nothing to clear (e.g. the tombstone after an erasure)
        }
        if (unwritableCause != null) {
            refuse(record, a, REFUSED_ATTRIBUTES, RejectReason.UNWRITABLE, "an output of this customer was refused by the broker (" + unwritableCause + ")");
            metrics.attributes(SegmenterMetrics.ATTRIBUTES_REJECTED, RejectReason.UNWRITABLE.label());
            return;
        }
        CustomerProfile profile = state == null ? folder.empty(customerId, now) : state.profile();
        Instant applied = profile.getAttributesTime();
        if (a != null && applied != null && a.getEventTime().isBefore(applied)) {
            metrics.attributes(SegmenterMetrics.ATTRIBUTES_STALE, SegmenterMetrics.REASON_NONE);
            return;
        }
        CustomerProfile merged = AttributesFold.apply(profile, a, settings.attributesMaxCount());
        if (merged == null) {
            refuse(record, a, REFUSED_ATTRIBUTES, RejectReason.ATTRIBUTES_LIMIT, "the customer would hold more than " + settings.attributesMaxCount()
                    + " attributes (attributes.max.count); remove some with null values first");
            metrics.attributes(SegmenterMetrics.ATTRIBUTES_REJECTED, RejectReason.ATTRIBUTES_LIMIT.label());
            return;
        }
        if (state == null) {
            state = CustomerState.of(merged);
        } else {
            state.profile(merged);
        }
        metrics.attributes(a == null ? SegmenterMetrics.ATTRIBUTES_CLEARED : SegmenterMetrics.ATTRIBUTES_APPLIED, SegmenterMetrics.REASON_NONE);
        evaluate(state, now, EmitReason.NEW_ATTRIBUTES, null, record.timestamp(), record.timestamp());
        save(customerId, state, record.timestamp());
    }

    private void refuse(Record<String, CustomerCommand> record, Transaction t, RejectReason reason, String message) {
        refuse(record, t, REFUSED, reason, message);
    }

    private void refuse(Record<String, CustomerCommand> record, Object value, String child, RejectReason reason, String message) {
        Optional<RecordMetadata> meta = context.recordMetadata();
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        DeadLetters.stamp(headers, reason, message, meta.map(RecordMetadata::topic).orElse(null),
                meta.map(RecordMetadata::partition).orElse(-1), meta.map(RecordMetadata::offset).orElse(-1L));
        context.forward(new Record<>(record.key(), value, record.timestamp(), headers), child);
    }

    private void save(String customerId, CustomerState state, long timestamp) {
        states.put(customerId, state, timestamp); // its profile goes out when the cache writes it
    }

    /**
     * Scores the state's profile with every model loaded, emits each model's reader-visible changes, and files
     * the customer under the earliest next due time; true when the state changed.
     */
    private boolean evaluate(CustomerState state, long now, EmitReason reason, Long sourceEventTime, Long latencyFrom, long outputTimestamp) {
        CustomerProfile profile = state.profile();
        long due = folder.nextBucketExpiry(profile);
        boolean changed = false;
        List<String> names = models.scoringNames();
        for (int i = 0; i < names.size(); i++) {
            SegmentEvaluator evaluator = evaluators.get(names.get(i));
            if (evaluator != null && evaluator.scorable(profile)) {
                SegmentAssignment before = state.assignment(names.get(i));
                SegmentEvaluator.Evaluation e = evaluate(state, evaluator, i, now, reason, sourceEventTime, latencyFrom, outputTimestamp);
                changed |= !same(state.assignment(names.get(i)), before); // a look that changes nothing (a stale due entry) writes nothing
                due = Math.min(due, evaluator.nextChange(profile, e, now, due));
            } else if (evaluator != null && state.removeAssignment(names.get(i))) {
                // the attributes it reads were removed: the customer leaves that model's segments
                context.forward(new Record<>(profile.getCustomerId(), null, outputTimestamp), children[i]);
                changed = true;
            }
        }
        return dueIndex.file(state, profile.getCustomerId(), due) || changed;
    }

    /** {@code a.equals(b)}, deciding first on the fields a new transaction nearly always moves (no walk of the features map then). */
    private static boolean same(SegmentAssignment a, SegmentAssignment b) {
        return b != null && a.getSegmentId() == b.getSegmentId() && Double.compare(a.getDistance(), b.getDistance()) == 0
                && a.getModelVersion() == b.getModelVersion() && a.equals(b);
    }

    /** One model's evaluation of the customer: its assignment stored, emitted when a reader sees a change. */
    private SegmentEvaluator.Evaluation evaluate(CustomerState state, SegmentEvaluator evaluator, int model, long now, EmitReason reason, Long sourceEventTime,
            Long latencyFrom, long outputTimestamp) {
        CustomerProfile profile = state.profile();
        String customerId = profile.getCustomerId();
        boolean primary = model == 0;
        SegmentEvaluator.Evaluation e = evaluator.evaluate(profile, now);
        SegmentAssignment previous = state.assignment(evaluator.model().getName());
        SegmentAssignment next = evaluator.assignment(profile, e, previous, reason, now, sourceEventTime);
        boolean segmentChanged = previous == null || previous.getSegmentId() != next.getSegmentId();
        boolean visible = segmentChanged || !previous.getRfmSegment().equals(next.getRfmSegment());
        if (visible || settings.emitAlways()) {
            context.forward(new Record<>(customerId, (Object) next, outputTimestamp), children[model]);
            if (primary) {
                state.history(state.history().record(next));
                metrics.assignmentEmitted(reason, previous == null ? null : previous.getSegmentLabel(), next.getSegmentLabel(), segmentChanged);
                if (latencyFrom != null) {
                    metrics.latency(latencyFrom);
                }
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
        state.assignment(next);
        return e;
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
            for (String child : children) {
                context.forward(new Record<>(customerId, null, timestamp), child);
            }
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

    /** Takes up every scoring model's latest version; a change starts a re-score walk over the task's customers. */
    private void refreshModel() {
        boolean changed = false;
        for (String name : models.scoringNames()) {
            SegmentModel current = models.get(name);
            SegmentEvaluator evaluator = evaluators.get(name);
            if (current != null && (evaluator == null || evaluator.version() != current.getVersion()) && !current.equals(unusable.get(name))) {
                try {
                    evaluators.put(name, new SegmentEvaluator(current, settings.bucketDays(), settings.dueSearchMaxDays()));
                } catch (RuntimeException e) { // a validated model the evaluator cannot take: a bug, but no reason to stop every record
                    unusable.put(name, current);
                    metrics.modelRefused("evaluator");
                    LOG.error("Task {} cannot score with model {} version {}; it keeps the version it had", taskName, name, current.getVersion(), e);
                    continue;
                }
                LOG.info("Task {} uses model {} version {}; re-scoring its customers in the background", taskName, name, current.getVersion());
                changed = true;
            }
        }
        if (changed) {
            rescore = new Rescore(++generation, states.approximateNumEntries());
            metrics.rescoreProgress(taskName, 0, rescore.estimate());
        }
    }

    /** True when a loaded model has not scored the customer at its current version but could. */
    private boolean stale(CustomerState state) {
        for (SegmentEvaluator evaluator : evaluators.values()) {
            SegmentAssignment current = state.assignment(evaluator.model().getName());
            if ((current == null || current.getModelVersion() != evaluator.version()) && evaluator.scorable(state.profile())) {
                return true;
            }
        }
        return false;
    }

    private void rescoreChunk(long now) {
        if (rescore == null) {
            return;
        }
        List<KeyValue<String, CustomerState>> chunk = rescore.next(states, settings.rescoreChunkSize());
        long rescored = 0;
        for (KeyValue<String, CustomerState> kv : chunk) {
            CustomerState state = kv.value;
            if (unwritable.cause(kv.key) == null && stale(state)) {
                evaluate(state, now, EmitReason.NEW_MODEL, null, null, now);
                save(kv.key, state, now);
                rescored++;
            }
        }
        metrics.rescored(rescored);
        if (chunk.size() < settings.rescoreChunkSize()) {
            LOG.info("Task {} finished re-scoring against models {}", taskName, evaluators.keySet());
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
