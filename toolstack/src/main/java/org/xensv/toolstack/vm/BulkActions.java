package org.xensv.toolstack.vm;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Service;
import org.xensv.hypervisor.api.HypervisorException;
import org.xensv.hypervisor.api.InvalidValueException;
import org.xensv.toolstack.audit.Audited;
import org.xensv.toolstack.error.ConflictException;
import org.xensv.toolstack.event.InventoryEvent.ObjectType;
import org.xensv.toolstack.security.Access;
import org.xensv.toolstack.tag.TagName;
import org.xensv.toolstack.tag.TagService;
import org.xensv.toolstack.tag.TaggedKind;
import org.xensv.toolstack.task.TaskContext;
import org.xensv.toolstack.task.TaskOutcome;
import org.xensv.toolstack.task.TaskService;
import org.xensv.toolstack.task.TaskService.Subject;
import org.xensv.toolstack.task.TaskView;
import tools.jackson.databind.json.JsonMapper;

/**
 * One task for many VMs: a lifecycle operation or a tag change on each, {@value #CONCURRENCY} at a
 * time, with a result per VM. A VM whose state does not allow the operation is skipped with the
 * reason, the rest go on; cancelling the task lets the VMs under way finish and leaves the others as
 * they were. The task fails when any VM failed, its result still holding every VM's row.
 */
@Service
public class BulkActions {

    /** VMs worked on at once: enough to keep several hosts busy, few enough to leave the console responsive. */
    static final int CONCURRENCY = 8;
    /** The most VMs one task takes (a filter matching more is refused: narrow it). */
    public static final int MAX_VMS = 10_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** A task's result holds at most 100,000 characters: past this the done rows are counted, not listed. */
    private static final int RESULT_ROOM = 90_000;

    private final VmService vms;
    private final VmSearch search;
    private final TagService tags;
    private final TaskService tasks;

    BulkActions(VmService vms, VmSearch search, TagService tags, TaskService tasks) {
        this.vms = vms;
        this.search = search;
        this.tags = tags;
        this.tasks = tasks;
    }

    /** Every VM the query matches (its page ignored), as the task's list. */
    @Audited("vm.bulk")
    public TaskView run(BulkAction action, VmQuery matching, String tag) {
        long count = search.count(matching);
        if (count > MAX_VMS) {
            throw new InvalidValueException("filter", count + " VMs", "must match at most " + MAX_VMS + " VMs; narrow it");
        }
        if (count == 0) {
            throw new InvalidValueException("filter", "0 VMs", "matches no VM");
        }
        List<UUID> ids = search.search(matching.page(0, MAX_VMS)).items().stream().map(VmView::id).toList();
        return run(action, ids, tag);
    }

    @Audited("vm.bulk")
    public TaskView run(BulkAction action, List<UUID> ids, String tag) {
        Access.require(action.permission());
        if (ids == null || ids.isEmpty()) {
            throw new InvalidValueException("vmIds", "[]", "must name at least one VM (or give a filter that matches some)");
        }
        if (ids.size() > MAX_VMS) {
            throw new InvalidValueException("vmIds", ids.size() + " VMs", "must name at most " + MAX_VMS + " VMs");
        }
        String tagName = null;
        if (action.changesTags()) {
            if (tag == null || tag.isBlank()) {
                throw new InvalidValueException("tag", tag, "must be given to " + action.key());
            }
            tagName = new TagName(tag).value().strip();
        }
        List<BulkRow> rows = new ArrayList<>();
        for (UUID id : new java.util.LinkedHashSet<>(ids)) {
            rows.add(new BulkRow(id, vms.get(id).name(), BulkRow.Status.WAITING, null));
        }
        String what = action.label() + (tagName == null ? "" : " '" + tagName + "' on") + " " + rows.size() + " VMs";
        String finalTag = tagName;
        return tasks.submit(what, new Subject("BULK_" + action.name(), ObjectType.VM, null, rows.size() + " VMs"), true,
                context -> work(action, finalTag, rows, context), new TaskOutcome() {
                    @Override
                    public void succeeded() {
                    }

                    @Override
                    public void failed(Throwable cause) {
                    }
                });
    }

    private String work(BulkAction action, String tag, List<BulkRow> rows, TaskContext context) throws InterruptedException {
        AtomicInteger finished = new AtomicInteger();
        Semaphore slots = new Semaphore(CONCURRENCY);
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < rows.size(); i++) {
                slots.acquire();
                if (context.cancelRequested()) {
                    slots.release();
                    break;
                }
                int index = i;
                workers.execute(() -> {
                    try {
                        BulkRow done = one(action, tag, rows.get(index));
                        synchronized (rows) {
                            rows.set(index, done);
                        }
                    } finally {
                        slots.release();
                        context.progress((double) finished.incrementAndGet() / rows.size());
                    }
                });
            }
        }
        boolean cancelled = context.cancelRequested();
        rows.replaceAll(r -> r.status() == BulkRow.Status.WAITING ? r.with(BulkRow.Status.CANCELLED, "the task was cancelled before its turn") : r);
        String result = result(action, rows);
        context.result(result);
        Map<BulkRow.Status, Long> counts = counts(rows);
        long failed = counts.get(BulkRow.Status.FAILED);
        if (cancelled) {
            context.checkCancelled();
        }
        if (failed > 0) {
            String first = rows.stream().filter(r -> r.status() == BulkRow.Status.FAILED).limit(3)
                    .map(r -> "VM '" + r.name() + "': " + r.reason()).reduce((a, b) -> a + "; " + b).orElse("");
            throw new ConflictException("BULK_PARTLY_FAILED", Map.of("failed", failed, "vms", rows.size()),
                    action.label() + ": " + failed + " of " + rows.size() + " VMs failed (" + first + (failed > 3 ? "; ..." : "") + ").");
        }
        return result;
    }

    private BulkRow one(BulkAction action, String tag, BulkRow row) {
        if (action.changesTags()) {
            try {
                if (action == BulkAction.TAG) {
                    tags.add(TaggedKind.VM, row.vm(), tag);
                } else {
                    tags.remove(TaggedKind.VM, row.vm(), tag);
                }
                return row.with(BulkRow.Status.DONE, null);
            } catch (org.xensv.toolstack.error.NotFoundException e) {
                return row.with(BulkRow.Status.SKIPPED, e.getMessage());
            } catch (HypervisorException e) {
                return row.with(BulkRow.Status.FAILED, e.getMessage());
            }
        }
        VmService.Begun begun;
        try {
            begun = vms.begin(row.vm(), action.operation());
        } catch (HypervisorException e) {
            // not allowed in its state, busy, or gone: left as it was
            return row.with(BulkRow.Status.SKIPPED, e.getMessage());
        }
        try {
            LifecycleCalls.perform(begun.lifecycle(), begun.id(), begun.op());
        } catch (RuntimeException e) {
            vms.finish(begun, e);
            return row.with(BulkRow.Status.FAILED, e.getMessage());
        }
        vms.finish(begun, null);
        return row.with(BulkRow.Status.DONE, null);
    }

    private static Map<BulkRow.Status, Long> counts(List<BulkRow> rows) {
        Map<BulkRow.Status, Long> counts = new EnumMap<>(BulkRow.Status.class);
        for (BulkRow.Status s : BulkRow.Status.values()) {
            counts.put(s, 0L);
        }
        rows.forEach(r -> counts.merge(r.status(), 1L, Long::sum));
        return counts;
    }

    /** The task's result: the counts, and a row per VM (the done ones only counted when they would not fit). */
    static String result(BulkAction action, List<BulkRow> rows) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("action", action.key());
        result.put("vms", rows.size());
        counts(rows).forEach((status, n) -> {
            if (status != BulkRow.Status.WAITING) {
                result.put(status.name().toLowerCase(java.util.Locale.ROOT), n);
            }
        });
        result.put("rows", rows);
        String json = JSON.writeValueAsString(result);
        if (json.length() <= RESULT_ROOM) {
            return json;
        }
        result.put("rows", rows.stream().filter(r -> r.status() != BulkRow.Status.DONE).limit(500).toList());
        result.put("doneRowsOmitted", true);
        return JSON.writeValueAsString(result);
    }
}
