package dev.asyncjobs.engine.follow;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who follows an account's jobs in this process: consumer groups (all of the account's jobs; members of a group take
 * turns) and producers' waits (one job each). The loop runs while anything subscribes.
 */
final class Subscriptions {

    private final Map<String, List<Group>> groups = new ConcurrentHashMap<>();
    private final AtomicInteger roundRobin = new AtomicInteger();
    private final Map<String, Set<JobWait>> waits = new ConcurrentHashMap<>();

    void add(Group group) {
        groups.computeIfAbsent(group.groupName(), g -> new CopyOnWriteArrayList<>()).add(group);
    }

    /** Removes a group member; returns whether any group is left. */
    boolean remove(Group group) {
        List<Group> members = groups.get(group.groupName());
        if (members != null) {
            members.remove(group);
            if (members.isEmpty()) {
                groups.remove(group.groupName());
            }
        }
        return !groups.isEmpty();
    }

    boolean anyGroup() {
        return !groups.isEmpty();
    }

    Set<String> groupNames() {
        return groups.keySet();
    }

    /** The member of a group to hand the next delivery to (round robin), or null when the group has none here. */
    Group member(String name) {
        List<Group> members = groups.get(name);
        if (members == null || members.isEmpty()) {
            return null;
        }
        int size = members.size();
        // the shared counter is touched only when there is a turn to take (it is on every status answer's path)
        return size == 1 ? members.get(0) : members.get(Math.floorMod(roundRobin.getAndIncrement(), size));
    }

    /** Whether a group wants the statuses before the end, not only the end. */
    boolean wantEveryStatus() {
        for (List<Group> members : groups.values()) {
            for (Group g : members) {
                if (g.wantsEveryStatus()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether a group asked for the submit's own answer. */
    boolean wantSubmitted() {
        return groups.keySet().stream().map(this::member).anyMatch(g -> g != null && g.emitSubmitted());
    }

    void add(JobWait wait) {
        waits.computeIfAbsent(wait.key(), k -> ConcurrentHashMap.newKeySet()).add(wait);
    }

    void remove(JobWait wait) {
        waits.computeIfPresent(wait.key(), (k, set) -> {
            set.remove(wait);
            return set.isEmpty() ? null : set;
        });
    }

    /** The waits on a job (or on a resource of it), by {@link JobWait#key()}. */
    Collection<JobWait> waitsOn(String key) {
        Set<JobWait> set = waits.get(key);
        return set == null ? List.of() : List.copyOf(set);
    }

    List<JobWait> allWaits() {
        List<JobWait> all = new ArrayList<>();
        waits.values().forEach(all::addAll);
        return all;
    }

    boolean isEmpty() {
        return groups.isEmpty() && waits.isEmpty();
    }
}
