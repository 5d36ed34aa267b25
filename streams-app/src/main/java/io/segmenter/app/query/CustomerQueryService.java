package io.segmenter.app.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.segmenter.app.state.CustomerState;
import io.segmenter.app.state.SegmentHistory;
import io.segmenter.app.state.StoreNames;
import io.segmenter.avro.Centroid;
import io.segmenter.avro.CustomerProfile;
import io.segmenter.avro.SegmentAssignment;
import io.segmenter.avro.SegmentModel;
import io.segmenter.model.RfmFeatures;
import io.segmenter.http.RawJson;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Interactive queries over the customer stores. A customer is answered from the local store when this
 * instance owns the key, else forwarded to the owner ({@code ?local=true}, with a timeout); segment counts
 * are summed over every instance. While the client is not RUNNING, a store is restoring or migrating, or
 * an owner cannot be asked, the answer is a 503 (QueryException), never a wrong or partial result.
 */
public final class CustomerQueryService {

    private final KafkaStreams streams;
    /** This instance's application.server; null when unset (a single instance owns everything). */
    private final HostInfo self;
    private final RemoteInstances remote;
    private final ModelCatalog models;
    private final ObjectMapper json;
    private final boolean streamClock;

    /** @param streamClock the app runs on the stream clock ({@code clock=stream}): "now" is the latest event time seen */
    public CustomerQueryService(KafkaStreams streams, HostInfo self, RemoteInstances remote, ModelCatalog models, ObjectMapper json,
            boolean streamClock) {
        this.streams = streams;
        this.streamClock = streamClock;
        this.self = self;
        this.remote = remote;
        this.models = models;
        this.json = json;
    }

    /**
     * The customer's profile and segment, from whichever instance owns the key; {@code localOnly} (a
     * forwarded request) never forwards again.
     */
    public Object customer(String customerId, boolean localOnly) {
        requireRunning();
        if (self == null) {
            return local(customerId, null);
        }
        KeyQueryMetadata owner;
        try {
            owner = streams.queryMetadataForKey(StoreNames.CUSTOMER_STATE, customerId, Serdes.String().serializer());
        } catch (IllegalStateException e) { // the client stopped running since the check above
            throw notRunning();
        }
        if (owner == null || owner == KeyQueryMetadata.NOT_AVAILABLE || !known(owner.activeHost())) {
            throw QueryException.unavailable("the owner of this customer is not known yet (rebalancing)");
        }
        if (owner.activeHost().equals(self)) {
            return local(customerId, owner.partition());
        }
        if (localOnly) {
            throw QueryException.unavailable("this instance no longer owns the customer (rebalancing)");
        }
        RemoteInstances.Answer a = remote.get(owner.activeHost(),
                "/customers/" + URLEncoder.encode(customerId, StandardCharsets.UTF_8).replace("+", "%20") + "?local=true");
        return switch (a.status()) {
            case 200 -> new RawJson(a.body());
            case 404 -> throw QueryException.notFound(errorOf(a));
            case 503 -> throw QueryException.unavailable(errorOf(a));
            default -> throw new QueryException(502, "instance " + owner.activeHost() + " answered " + a.status() + ": " + errorOf(a));
        };
    }

    private Views.Customer local(String customerId, Integer partition) {
        try {
            CustomerState state = this.<CustomerState>store(StoreNames.CUSTOMER_STATE, partition).get(customerId);
            if (state == null) {
                throw QueryException.notFound("no customer with that id");
            }
            CustomerProfile profile = state.profile();
            SegmentAssignment a = state.assignment(models.scoringModelName());
            SegmentHistory history = state.history();
            return view(profile, a, history, state.assignments());
        } catch (InvalidStateStoreException | IllegalStateException e) {
            throw QueryException.unavailable("customer stores are not queryable right now (" + streams.state() + ")");
        }
    }

    private Views.Customer view(CustomerProfile profile, SegmentAssignment a, SegmentHistory history, List<SegmentAssignment> all) {
        List<Views.ModelAssignment> byModel = new ArrayList<>();
        for (String name : models.scoringNames()) { // the primary first, then as configured
            all.stream().filter(x -> x.getModelName().equals(name)).findFirst().map(Views.ModelAssignment::of).ifPresent(byModel::add);
        }
        String servedBy = self == null ? null : self.host() + ":" + self.port();
        List<Views.HistoryEntry> entries = history.changes().stream()
                .map(c -> new Views.HistoryEntry(c.segmentId(), c.segmentLabel(), c.rfmSegment(), c.modelVersion(), Views.iso(c.at())))
                .toList();
        if (a == null) {
            return new Views.Customer(profile.getCustomerId(), Views.Profile.of(profile), null, null, null, null, null, null,
                    null, null, null, null, null, entries, byModel, servedBy);
        }
        Views.Scores scores = a.getRfmClass().isEmpty() ? null
                : new Views.Scores(a.getRecencyScore(), a.getFrequencyScore(), a.getMonetaryScore(), a.getRfmClass(), a.getRfmSegment());
        Long since = history.currentSegmentSince();
        return new Views.Customer(profile.getCustomerId(), Views.Profile.of(profile),
                new Views.Segment(a.getSegmentId(), a.getSegmentLabel()),
                since == null ? null : Views.iso(since),
                previous(a, history),
                new Views.ModelRef(a.getModelName(), a.getModelVersion()),
                a.getDistance(), a.getMargin(), scores, a.getPreviousRfmSegment(),
                ordered(a.getFeatures()), Views.iso(a.getAssignedAt()), a.getReason().name(), entries, byModel, servedBy);
    }

    /** Recency, frequency, monetary first (the Avro map has no order), then any other feature by name. */
    private static Map<String, Double> ordered(Map<String, Double> features) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String name : RfmFeatures.NAMES) {
            if (features.containsKey(name)) {
                out.put(name, features.get(name));
            }
        }
        new TreeMap<>(features).forEach(out::putIfAbsent);
        return out;
    }

    /** From the history when it knows one; else the assignment's previous id with the label of the model in use. */
    private Views.PreviousSegment previous(SegmentAssignment a, SegmentHistory history) {
        SegmentHistory.Change p = history.previousSegment();
        if (p != null) {
            return new Views.PreviousSegment(p.segmentId(), p.segmentLabel(), p.rfmSegment(), Views.iso(p.at()));
        }
        Integer id = a.getPreviousSegmentId();
        if (id == null || id == a.getSegmentId()) {
            return null;
        }
        String label = null;
        SegmentModel m = models.get(a.getModelName());
        if (m != null) {
            label = m.getCentroids().stream().filter(c -> c.getSegmentId() == id).map(Centroid::getLabel).findFirst().orElse(null);
        }
        return new Views.PreviousSegment(id, label, a.getPreviousRfmSegment(), null);
    }

    /** Customers, revenue and purchases per segment of the scored model {@code name} (null: the primary) in this instance's active stores. */
    public Views.LocalCounts localCounts(String name) {
        String model = models.scored(name).getName();
        Map<Integer, Views.LocalCount> counts = new TreeMap<>();
        walkLocalStates(state -> {
            SegmentAssignment a = state.assignment(model);
            if (a != null) {
                Map<String, Double> f = a.getFeatures();
                counts.merge(a.getSegmentId(), new Views.LocalCount(a.getSegmentId(), a.getSegmentLabel(), 1,
                        f.getOrDefault(RfmFeatures.MONETARY, 0.0), f.getOrDefault(RfmFeatures.FREQUENCY, 0.0)), Views.LocalCount::plus);
            }
        });
        return new Views.LocalCounts(new ArrayList<>(counts.values()));
    }

    /**
     * Every segment of the scored model {@code name} (null: the primary) with its centroid, customers, revenue
     * and order value across all instances.
     */
    public Views.Segments segments(String name) {
        requireRunning();
        SegmentModel model = models.scored(name);
        List<Views.LocalCounts> parts = fromEveryInstance(() -> localCounts(model.getName()),
                host -> remote(host, "/segments?local=true&model=" + encode(model.getName()), Views.LocalCounts.class, "counts"));
        Map<Integer, Views.LocalCount> totals = new TreeMap<>();
        for (Views.LocalCounts part : parts) {
            for (Views.LocalCount c : part.segments()) {
                totals.merge(c.id(), c, Views.LocalCount::plus);
            }
        }
        List<Views.SegmentCount> segments = new ArrayList<>();
        for (Centroid c : model.getCentroids()) {
            Views.LocalCount none = new Views.LocalCount(c.getSegmentId(), c.getLabel(), 0, 0, 0);
            segments.add(Views.SegmentCount.of(c.getSegmentId(), c.getLabel(), Views.centroid(model, c), Views.profile(model, c), c.getSize(),
                    totals.getOrDefault(c.getSegmentId(), none)));
            totals.remove(c.getSegmentId());
        }
        // customers still assigned by an older model, until the background re-score reaches them
        totals.forEach((id, t) -> segments.add(Views.SegmentCount.of(id, t.label(), null, null, null, t)));
        long total = segments.stream().mapToLong(Views.SegmentCount::customers).sum();
        return new Views.Segments(new Views.ModelRef(model.getName(), model.getVersion()), segments, total, parts.size());
    }

    /** This instance's members of segment {@code segmentId} of model {@code name} after the cursor, in id order ({@link SegmentMembers}). */
    public Views.LocalMembers localMembers(String name, int segmentId, String after, int limit) {
        SegmentModel model = models.scored(name);
        segment(model, segmentId);
        requireRunning();
        List<KeyValueIterator<String, CustomerState>> iterators = new ArrayList<>();
        try {
            for (int partition : localPartitions()) {
                ReadOnlyKeyValueStore<String, CustomerState> store = this.<CustomerState>store(StoreNames.CUSTOMER_STATE, partition);
                iterators.add(after == null ? store.all() : store.range(after, null));
            }
            Views.LocalMembers page = SegmentMembers.collect(SegmentMembers.merged(iterators), model.getName(), models.scoringModelName(),
                    segmentId, after, limit, SegmentMembers.SCAN_LIMIT);
            requireRunning(); // a rebalance during the scan may have moved a partition
            return page;
        } catch (InvalidStateStoreException | IllegalStateException e) {
            throw QueryException.unavailable("the customer state store is not queryable right now (" + streams.state() + ")");
        } finally {
            iterators.forEach(KeyValueIterator::close);
        }
    }

    /** A page of segment {@code segmentId}'s members over every instance, in id order after {@code after} (null: the first page). */
    public Views.Members members(String name, int segmentId, String after, int limit) {
        requireRunning();
        SegmentModel model = models.scored(name);
        Centroid c = segment(model, segmentId);
        String path = "/segments/" + segmentId + "/customers?local=true&model=" + encode(model.getName()) + "&limit=" + limit
                + (after == null ? "" : "&after=" + encode(after));
        List<Views.LocalMembers> parts = fromEveryInstance(() -> localMembers(model.getName(), segmentId, after, limit),
                host -> remote(host, path, Views.LocalMembers.class, "members"));
        return SegmentMembers.merge(new Views.ModelRef(model.getName(), model.getVersion()), new Views.Segment(c.getSegmentId(), c.getLabel()),
                after, limit, parts);
    }

    /** This instance's customers per segment of model {@code name} and value of {@code by} ({@link SegmentBreakdown}). */
    public Views.LocalBreakdown localBreakdown(String name, String attribute, boolean byRfmSegment) {
        SegmentModel model = models.scored(name);
        SegmentBreakdown.Local local = new SegmentBreakdown.Local(model.getName(),
                byRfmSegment ? SegmentBreakdown.rfmSegment(models.scoringModelName()) : SegmentBreakdown.attribute(attribute));
        walkLocalStates(local::add);
        return local.finish();
    }

    /** Customers per segment and attribute value (or the primary's RFM segment) over every instance, the {@value SegmentBreakdown#TOP} most common values. */
    public Views.Breakdown breakdown(String name, String attribute, boolean byRfmSegment) {
        requireRunning();
        SegmentModel model = models.scored(name);
        String path = "/segments/breakdown?local=true&model=" + encode(model.getName())
                + (byRfmSegment ? "&by=" + SegmentBreakdown.RFM_SEGMENT : "&attribute=" + encode(attribute));
        List<Views.LocalBreakdown> parts = fromEveryInstance(() -> localBreakdown(model.getName(), attribute, byRfmSegment),
                host -> remote(host, path, Views.LocalBreakdown.class, "a breakdown"));
        return SegmentBreakdown.merge(model, byRfmSegment ? SegmentBreakdown.RFM_SEGMENT : attribute, parts);
    }

    /** The model's segment {@code id}; 404 when it has none. */
    private static Centroid segment(SegmentModel model, int id) {
        return model.getCentroids().stream().filter(c -> c.getSegmentId() == id).findFirst().orElseThrow(() -> QueryException.notFound(
                "model '" + model.getName() + "' has no segment " + id + "; its segments: "
                        + model.getCentroids().stream().map(c -> c.getSegmentId() + " " + c.getLabel()).toList()));
    }

    /**
     * The partitions of this instance's active tasks: the customer processor's sub-topology is the only one
     * with tasks (its repartition topics loop back into it), so these are the customer state store's partitions.
     */
    private List<Integer> localPartitions() {
        java.util.SortedSet<Integer> partitions = new java.util.TreeSet<>();
        for (org.apache.kafka.streams.ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (org.apache.kafka.streams.TaskMetadata task : thread.activeTasks()) {
                partitions.add(task.taskId().partition());
            }
        }
        return List.copyOf(partitions);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * This instance's segment changes since {@code since} (null: all kept), from each customer's history (its
     * last {@link io.segmenter.app.state.SegmentHistory#LIMIT} changes): consecutive entries with different
     * segment ids are one move.
     */
    public Views.Transitions localTransitions(Long since) {
        Map<String, Views.Transition> moves = new TreeMap<>();
        long[] changes = {0};
        walkLocalStates(state -> {
            List<io.segmenter.app.state.SegmentHistory.Change> history = state.history().changes();
            double revenue = io.segmenter.model.RfmFeatures.toMajor(state.profile().getLifetimeNetMonetaryMinor(), state.profile().getCurrency());
            for (int i = 1; i < history.size(); i++) {
                var from = history.get(i - 1);
                var to = history.get(i);
                if (from.segmentId() != to.segmentId() && (since == null || to.at() >= since)) {
                    changes[0]++;
                    merge(moves, new Views.Transition(from.segmentId(), from.segmentLabel(), to.segmentId(), to.segmentLabel(), 1, revenue));
                }
            }
        });
        return new Views.Transitions(since, new ArrayList<>(moves.values()), changes[0], 1);
    }

    /**
     * The app's "now", which the changes are stamped with: the wall clock, or with the stream clock the
     * latest event time this instance's tasks have seen (the wall clock before any event).
     */
    public long now() {
        if (!streamClock) {
            return System.currentTimeMillis();
        }
        requireRunning();
        long latest = Long.MIN_VALUE;
        try (KeyValueIterator<String, Long> it = this.<Long>store(StoreNames.CLOCK, null).all()) {
            while (it.hasNext()) {
                Long t = it.next().value;
                latest = t == null ? latest : Math.max(latest, t);
            }
        } catch (InvalidStateStoreException | IllegalStateException e) {
            throw QueryException.unavailable("the clock store is not queryable right now (" + streams.state() + ")");
        }
        return latest == Long.MIN_VALUE ? System.currentTimeMillis() : latest;
    }

    /** Segment changes since {@code since} over all instances, largest moves first. */
    public Views.Transitions transitions(Long since) {
        List<Views.Transitions> parts = fromEveryInstance(() -> localTransitions(since), host -> remote(host,
                "/segments/transitions?local=true" + (since == null ? "" : "&since=" + since), Views.Transitions.class, "transitions"));
        Map<String, Views.Transition> moves = new TreeMap<>();
        long changes = 0;
        for (Views.Transitions part : parts) {
            changes += part.changes();
            part.moves().forEach(t -> merge(moves, t));
        }
        List<Views.Transition> sorted = new ArrayList<>(moves.values());
        sorted.sort(java.util.Comparator.comparingLong(Views.Transition::customers).reversed());
        return new Views.Transitions(since, sorted, changes, parts.size());
    }

    /** How this instance's customers would be segmented by model {@code name}'s shadow candidate, scored now. */
    public Views.Shadow localShadow(String name) {
        SegmentModel candidate = models.shadow(name);
        SegmentModel live = models.get(name);
        if (live == null) {
            throw QueryException.notFound("unknown model '" + name + "'; published models: " + models.names());
        }
        io.segmenter.app.model.ShadowAgreement agreement = new io.segmenter.app.model.ShadowAgreement(live, candidate);
        walkLocalStates(state -> agreement.add(state.assignment(models.scoringModelName())));
        return Views.Shadow.of(agreement.finish());
    }

    /**
     * The shadow agreement over every instance; 503 while instances score with different versions (a model
     * or candidate is being loaded), since their counts would not add up to one comparison.
     */
    public Views.Shadow shadow(String name) {
        List<Views.Shadow> parts = fromEveryInstance(() -> localShadow(name), host -> remote(host,
                "/models/" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "/shadow?local=true", Views.Shadow.class, "a shadow agreement"));
        Views.Shadow first = parts.get(0);
        Map<String, Views.ShadowPair> pairs = new TreeMap<>();
        long customers = 0;
        long agreeing = 0;
        for (Views.Shadow part : parts) {
            if (part.liveVersion() != first.liveVersion() || part.candidateVersion() != first.candidateVersion()) {
                throw QueryException.unavailable("instances score " + name + " with different versions right now (a model is loading); try again");
            }
            customers += part.customers();
            agreeing += part.agreeing();
            for (Views.ShadowPair p : part.pairs()) {
                pairs.merge(p.liveSegmentId() + ">" + p.candidateSegmentId(), p, (x, y) -> new Views.ShadowPair(x.liveSegmentId(), x.liveLabel(),
                        x.candidateSegmentId(), x.candidateLabel(), x.customers() + y.customers()));
            }
        }
        List<Views.ShadowPair> sorted = new ArrayList<>(pairs.values());
        sorted.sort(java.util.Comparator.comparingLong(Views.ShadowPair::customers).reversed());
        return new Views.Shadow(name, first.liveVersion(), first.candidateVersion(), customers, agreeing, Views.Shadow.share(agreeing, customers),
                sorted, parts.size());
    }

    private static void merge(Map<String, Views.Transition> moves, Views.Transition t) {
        moves.merge(t.fromSegmentId() + ">" + t.toSegmentId(), t, (x, y) -> new Views.Transition(x.fromSegmentId(), x.fromLabel(),
                x.toSegmentId(), x.toLabel(), x.customers() + y.customers(), x.revenue() + y.revenue()));
    }

    /** Visits every customer state of this instance's active tasks; 503 while the store is not queryable. */
    private void walkLocalStates(java.util.function.Consumer<CustomerState> visit) {
        requireRunning();
        try (KeyValueIterator<String, CustomerState> it = this.<CustomerState>store(StoreNames.CUSTOMER_STATE, null).all()) {
            while (it.hasNext()) {
                visit.accept(it.next().value);
            }
        } catch (InvalidStateStoreException | IllegalStateException e) {
            throw QueryException.unavailable("the customer state store is not queryable right now (" + streams.state() + ")");
        }
        requireRunning(); // a rebalance during the scan may have counted a moving partition
    }

    /**
     * This instance's part and every other instance's ({@code ?local=true} over HTTP): one per instance that
     * hosts the customer state store; 503 while the group is rebalancing.
     */
    private <T> List<T> fromEveryInstance(java.util.function.Supplier<T> local, java.util.function.Function<HostInfo, T> remote) {
        requireRunning();
        if (self == null) {
            return List.of(local.get());
        }
        Collection<StreamsMetadata> instances;
        try {
            instances = streams.streamsMetadataForStore(StoreNames.CUSTOMER_STATE);
        } catch (IllegalStateException e) { // the client stopped running since the check above
            throw notRunning();
        }
        if (instances.isEmpty()) {
            throw QueryException.unavailable("no instance hosts the customer state store yet (rebalancing)");
        }
        List<T> parts = new ArrayList<>();
        for (StreamsMetadata instance : instances) {
            if (!known(instance.hostInfo())) {
                throw QueryException.unavailable("an instance's address is not known yet (rebalancing)");
            }
            parts.add(instance.hostInfo().equals(self) ? local.get() : remote.apply(instance.hostInfo()));
        }
        return parts;
    }

    /** Another instance's local answer at {@code path}; its 503 stays a 503, anything else unexpected is a 502. */
    private <T> T remote(HostInfo host, String path, Class<T> type, String what) {
        RemoteInstances.Answer a = remote.get(host, path);
        if (a.status() == 503) {
            throw QueryException.unavailable(errorOf(a));
        }
        if (a.status() != 200) {
            throw new QueryException(502, "instance " + host + " answered " + a.status() + ": " + errorOf(a));
        }
        try {
            return json.readValue(a.body(), type);
        } catch (IOException e) {
            throw new QueryException(502, "instance " + host + " sent " + what + " that do not parse");
        }
    }

    private void requireRunning() {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw notRunning();
        }
    }

    private QueryException notRunning() {
        return QueryException.unavailable("the application is " + streams.state() + "; customer data is not queryable right now");
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name, Integer partition) {
        StoreQueryParameters<ReadOnlyKeyValueStore<String, V>> q =
                StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore());
        return streams.store(partition == null ? q : q.withPartition(partition));
    }

    private static boolean known(HostInfo host) {
        return host != null && host.port() > 0 && !"unavailable".equals(host.host());
    }

    private String errorOf(RemoteInstances.Answer a) {
        try {
            return json.readTree(a.body()).path("error").asText("no reason given");
        } catch (IOException e) {
            return "no reason given";
        }
    }
}
