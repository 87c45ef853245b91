package org.xensv.toolstack.audit;

import java.util.List;

/** One page of entries, newest first: {@code page} from 0, {@code total} entries matching in all. */
public record AuditPage(List<AuditEntry> entries, int page, int size, long total) {
}
