package org.xensv.toolstack.vm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.xensv.toolstack.tag.TagService;
import org.xensv.toolstack.tag.TaggedKind;

/**
 * Answers a {@link VmQuery} in SQL: the filters in the WHERE clause, the sort in ORDER BY (the VM's
 * id breaking ties, so pages never overlap), the page in OFFSET/LIMIT, and the total in a COUNT of
 * the same clause (joined to the hosts only where a filter reads them). Only the page's VMs are
 * loaded, with their host names from the same join and their tags in one more query. Templates are
 * never listed. Sorted by name, a page is read from the name's index ({@link VmSort#NAME}).
 */
@Service
public class VmSearch {

    private final EntityManager entities;
    private final TagService tags;

    VmSearch(EntityManager entities, TagService tags) {
        this.entities = entities;
        this.tags = tags;
    }

    @Transactional(readOnly = true)
    public VmPage search(VmQuery query) {
        List<VmView> items = window(query, query.paged() ? Math.multiplyExact(query.page(), query.size()) : 0,
                query.paged() ? query.size() : Integer.MAX_VALUE);
        long total = query.paged() && !(query.page() == 0 && items.size() < query.size()) ? count(where(query)) : items.size();
        return new VmPage(items, total);
    }

    /**
     * The matches from row {@code offset}, at most {@code limit} of them (a lazy grid's window, which
     * need not fall on a page), sorted as the query says; the query's own page is ignored.
     */
    @Transactional(readOnly = true)
    public List<VmView> window(VmQuery query, int offset, int limit) {
        Where where = where(query);
        TypedQuery<Object[]> select = entities.createQuery("select v, h.name from Vm v left join Host h on h.id = v.hostId"
                + where.clause + " order by " + query.sort().expression + (query.descending() ? " desc" : " asc")
                + ", v.id", Object[].class);
        where.bind(select);
        boolean all = offset == 0 && limit == Integer.MAX_VALUE;
        if (!all) {
            select.setFirstResult(offset);
            select.setMaxResults(limit);
        }
        List<Object[]> rows = select.getResultList();
        List<UUID> ids = rows.stream().map(row -> ((Vm) row[0]).id()).toList();
        Map<UUID, List<String>> tagsOf = all ? tags.ofAll(TaggedKind.VM) : tags.ofSome(TaggedKind.VM, ids);
        List<VmView> items = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            Vm vm = (Vm) row[0];
            items.add(vm.view((String) row[1], tagsOf.getOrDefault(vm.id(), List.of())));
        }
        return items;
    }

    /** How many VMs match, without loading one. */
    @Transactional(readOnly = true)
    public long count(VmQuery query) {
        return count(where(query));
    }

    /**
     * How many VMs match on each host that has any, and how many of those run (a tree's counts per
     * node, without loading its children): one grouped query however many VMs there are.
     */
    @Transactional(readOnly = true)
    public Map<UUID, VmCounts> countsByHost(VmQuery query) {
        Where where = where(query);
        TypedQuery<Object[]> select = entities.createQuery("select v.hostId, count(v),"
                + " sum(case when v.powerState = :running and v.stateUnknown = false then 1 else 0 end)"
                + " from Vm v" + where.join() + where.clause + " group by v.hostId", Object[].class);
        where.bind(select);
        select.setParameter("running", org.xensv.hypervisor.api.PowerState.RUNNING);
        Map<UUID, VmCounts> counts = new HashMap<>();
        for (Object[] row : select.getResultList()) {
            if (row[0] != null) {
                counts.put((UUID) row[0], new VmCounts(((Number) row[1]).longValue(), row[2] == null ? 0 : ((Number) row[2]).longValue()));
            }
        }
        return counts;
    }

    private long count(Where where) {
        TypedQuery<Long> count = entities.createQuery("select count(v) from Vm v" + where.join() + where.clause, Long.class);
        where.bind(count);
        return count.getSingleResult();
    }

    private static Where where(VmQuery query) {
        StringBuilder clause = new StringBuilder(" where v.template = false");
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (query.text() != null) {
            clause.append(" and lower(v.name) like :text escape '\\'");
            parameters.put("text", "%" + likeEscaped(query.text().toLowerCase(java.util.Locale.ROOT)) + "%");
        }
        if (!query.states().isEmpty()) {
            clause.append(" and v.powerState in :states");
            parameters.put("states", query.states());
        }
        if (query.hostText() != null) {
            clause.append(" and lower(h.name) like :hostText escape '\\'");
            parameters.put("hostText", "%" + likeEscaped(query.hostText().toLowerCase(java.util.Locale.ROOT)) + "%");
        }
        if (query.poolText() != null) {
            clause.append(" and exists (select 1 from Pool p where p.id = h.poolId and lower(p.name) like :poolText escape '\\')");
            parameters.put("poolText", "%" + likeEscaped(query.poolText().toLowerCase(java.util.Locale.ROOT)) + "%");
        }
        if (query.hostId() != null) {
            clause.append(" and v.hostId = :host");
            parameters.put("host", query.hostId());
        }
        if (query.poolId() != null) {
            clause.append(" and h.poolId = :pool");
            parameters.put("pool", query.poolId());
        }
        if (query.tagKey() != null) {
            clause.append(" and exists (select 1 from Tag t where t.objectType = :vmKind and t.objectId = v.id and t.nameKey = :tag)");
            parameters.put("vmKind", TaggedKind.VM);
            parameters.put("tag", query.tagKey());
        }
        return new Where(clause.toString(), parameters, query.hostText() != null || query.poolId() != null);
    }

    /** {@code %}, {@code _} and the escape itself, taken literally in a LIKE pattern. */
    private static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** A WHERE clause, its parameters, and whether it reads the VM's host ({@code h}). */
    private record Where(String clause, Map<String, Object> parameters, boolean readsHost) {
        void bind(TypedQuery<?> query) {
            parameters.forEach(query::setParameter);
        }

        /** The join to the host, for a count only where the clause reads it (a count of every VM need not touch the hosts). */
        String join() {
            return readsHost ? " left join Host h on h.id = v.hostId" : "";
        }
    }
}
