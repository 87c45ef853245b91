package org.xensv.webui.audit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.PermitAll;
import com.vaadin.flow.router.RouterLink;
import org.xensv.toolstack.audit.AuditEntry;
import org.xensv.toolstack.audit.AuditLog;
import org.xensv.toolstack.audit.AuditQuery;
import org.xensv.webui.MainView;

/**
 * The audit log as an admin reads it: every change, newest first, filtered by user, object,
 * operation and time, a page at a time as the grid scrolls; the same entries as a CSV download.
 */
@Route("audit")
@PermitAll // every role reads everything (docs/security.md)
@PageTitle("Audit log · xensv")
public class AuditView extends VerticalLayout {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final AuditLog audit;
    private final Grid<AuditEntry> grid = new Grid<>();
    private final TextField user = filter("User", "audit-user");
    private final TextField object = filter("Object (id or name)", "audit-object");
    private final TextField operation = filter("Operation (vm, vm.start…)", "audit-operation");
    private final DateTimePicker from = new DateTimePicker("From (UTC)");
    private final DateTimePicker to = new DateTimePicker("To (UTC)");
    private final Anchor csv = new Anchor("", "");

    public AuditView(AuditLog audit) {
        this.audit = audit;
        setSizeFull();
        setId("audit-view");
        from.setId("audit-from");
        to.setId("audit-to");
        RouterLink back = new RouterLink("← Console", MainView.class);
        back.setId("audit-back");
        Span title = new Span("Audit log");
        title.addClassName("xensv-brand");
        Button search = new Button("Search", VaadinIcon.SEARCH.create(), e -> refresh());
        search.setId("audit-search");
        search.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        csv.setId("audit-csv");
        csv.add(new Button("CSV", VaadinIcon.DOWNLOAD.create()));
        csv.getElement().setAttribute("download", "xensv-audit.csv");
        HorizontalLayout filters = new HorizontalLayout(user, object, operation, from, to, search, csv);
        filters.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        filters.setWrap(true);

        grid.setId("audit-grid");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(e -> TIME.format(e.at())).setHeader("Time (UTC)").setWidth("11rem").setFlexGrow(0);
        grid.addColumn(AuditEntry::actor).setHeader("User").setWidth("8rem").setFlexGrow(0);
        grid.addColumn(e -> e.address() == null ? "" : e.address()).setHeader("Address").setWidth("8rem").setFlexGrow(0);
        grid.addColumn(AuditEntry::operation).setHeader("Operation").setWidth("12rem").setFlexGrow(0);
        grid.addColumn(AuditView::object).setHeader("Object").setWidth("14rem").setFlexGrow(0);
        grid.addColumn(e -> e.outcome().name().toLowerCase()).setHeader("Result").setWidth("6rem").setFlexGrow(0);
        grid.addColumn(e -> e.errorCode() == null ? "" : e.errorCode() + ": " + e.errorMessage()).setHeader("Error").setFlexGrow(1);
        grid.addColumn(e -> e.parameters() == null ? "" : e.parameters()).setHeader("Parameters").setFlexGrow(2);
        grid.setSizeFull();
        add(new Div(back, new Span(" "), title), filters, grid);
        for (var field : List.of(user, object, operation)) {
            field.addValueChangeListener(e -> refresh());
        }
        from.addValueChangeListener(e -> refresh());
        to.addValueChangeListener(e -> refresh());
        refresh();
    }

    private void refresh() {
        AuditQuery query = query();
        grid.setItems(page -> audit.search(query, page.getPage(), page.getPageSize()).entries().stream(),
                page -> (int) Math.min(Integer.MAX_VALUE, audit.search(query, 0, 1).total()));
        csv.setHref("/api/v1/audit.csv" + parameters(query));
    }

    private AuditQuery query() {
        return new AuditQuery(user.getValue(), object.getValue(), operation.getValue(), instant(from.getValue()), instant(to.getValue()));
    }

    private static String object(AuditEntry e) {
        if (e.objectName() != null && !e.objectName().isBlank()) {
            return e.objectType() + " " + e.objectName();
        }
        return e.objectId() == null ? (e.objectType() == null ? "" : e.objectType()) : e.objectType() + " " + e.objectId();
    }

    private static Instant instant(LocalDateTime time) {
        return time == null ? null : time.toInstant(ZoneOffset.UTC);
    }

    /** The filters as the API's query string. */
    static String parameters(AuditQuery q) {
        List<String> parts = new ArrayList<>();
        add(parts, "user", q.user());
        add(parts, "object", q.object());
        add(parts, "operation", q.operation());
        add(parts, "from", q.from() == null ? null : q.from().toString());
        add(parts, "to", q.to() == null ? null : q.to().toString());
        return parts.isEmpty() ? "" : "?" + String.join("&", parts);
    }

    private static void add(List<String> parts, String name, String value) {
        if (value != null && !value.isBlank()) {
            parts.add(name + "=" + URLEncoder.encode(value.trim(), StandardCharsets.UTF_8));
        }
    }

    private static TextField filter(String label, String id) {
        TextField field = new TextField(label);
        field.setId(id);
        field.setClearButtonVisible(true);
        return field;
    }
}
