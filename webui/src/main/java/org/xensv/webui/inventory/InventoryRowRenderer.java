package org.xensv.webui.inventory;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.data.renderer.LitRenderer;
import org.xensv.toolstack.host.HostView;
import org.xensv.webui.inventory.InventoryNode.HostNode;
import org.xensv.webui.inventory.InventoryNode.PoolNode;
import org.xensv.webui.inventory.InventoryNode.TemplatesNode;
import org.xensv.webui.inventory.InventoryNode.VmNode;

/**
 * The inventory tree's rows as one browser template (a {@link LitRenderer}): each row goes to the
 * browser as a few values (kind, name, state, tags, counts), not as a dozen server-side components,
 * so the first answer of a console with a screenful of rows is a fraction of the size and the
 * browser draws it without creating element after element. The markup is what the components made:
 * a tree toggle holding a {@code .tree-row} span with {@code data-pool}, {@code data-host},
 * {@code data-templates} or {@code data-vm}, an icon, the name, the state, tag chips and a host's
 * {@code .counts}.
 */
final class InventoryRowRenderer {

    private static final String ROW = "xensv-node tree-row ";

    private static final String TEMPLATE = """
            <vaadin-grid-tree-toggle @click=${toggle} .leaf=${!model.hasChildren} .expanded=${live(model.expanded)} .level=${model.level}>\
            ${item.kind === 'vm'
              ? html`<span class="%1$s${item.cls}" data-id=${item.id} data-vm=${item.name}>\
            <vaadin-icon icon=${item.icon} aria-hidden="true"></vaadin-icon><span class="name">${item.name}</span>\
            <span class="state">${item.state}</span>${item.busy ? html`<span class="busy">${item.busy}</span>` : ''}\
            ${item.tags.map(t => html`<span class="tag-chip">${t}</span>`)}</span>`
              : item.kind === 'template'
              ? html`<span class="%1$s${item.cls}" data-id=${item.id} data-vm=${item.name} data-template=${item.name}>\
            <vaadin-icon icon=${item.icon} aria-hidden="true"></vaadin-icon><span class="name">${item.name}</span>\
            <span class="state">${item.state}</span>${item.tags.map(t => html`<span class="tag-chip">${t}</span>`)}</span>`
              : item.kind === 'host'
              ? html`<span class="%1$s${item.cls}" data-id=${item.id} data-host=${item.name}>\
            <vaadin-icon icon="vaadin:server" aria-hidden="true"></vaadin-icon><span class="name">${item.name}</span>\
            ${item.state ? html`<span class="state">${item.state}</span>` : ''}\
            ${item.tags.map(t => html`<span class="tag-chip">${t}</span>`)}\
            <span class="counts" data-vms=${item.vms} data-running=${item.running}>${item.counts}</span></span>`
              : item.kind === 'pool'
              ? html`<span class="%1$spool-node" data-id=${item.id} data-pool=${item.name}>\
            <vaadin-icon icon="vaadin:cluster" aria-hidden="true"></vaadin-icon><span class="name">${item.name}</span></span>`
              : html`<span class="%1$stemplates-node" data-id=${item.id} data-templates=${item.pool}>\
            <vaadin-icon icon="vaadin:folder-o" aria-hidden="true"></vaadin-icon><span class="name">${item.name}</span></span>`}\
            </vaadin-grid-tree-toggle>""".formatted(ROW);

    /** What a host row shows beside its name: its VM counts (in a search, "3 of 12 VMs"). */
    record Counts(long vms, long running, String text) {
    }

    private InventoryRowRenderer() {
    }

    /**
     * @param current the newest view of a row's node (the grid may hold an older copy of it)
     * @param counts  a host row's counts
     * @param hostTags a host's tags
     * @param toggle  opens or closes a row, as the admin's click on its arrow
     */
    static LitRenderer<InventoryNode> create(UnaryOperator<InventoryNode> current, Function<HostNode, Counts> counts,
                                             Function<HostView, List<String>> hostTags, Consumer<InventoryNode> toggle) {
        return LitRenderer.<InventoryNode>of(TEMPLATE)
                .withProperty("kind", n -> kind(current.apply(n)))
                .withProperty("id", n -> n.id().toString())
                .withProperty("name", n -> current.apply(n).name())
                .withProperty("pool", n -> current.apply(n) instanceof TemplatesNode t ? t.pool().name() : "")
                .withProperty("cls", n -> switch (current.apply(n)) {
                    case HostNode h -> h.host().connected() ? "host-node" : "host-offline";
                    case VmNode v -> StateBadge.cssClass(v.vm()) + (v.vm().template() ? " template-node" : "");
                    default -> "";
                })
                .withProperty("icon", n -> current.apply(n) instanceof VmNode v ? iconName(StateBadge.iconOf(v.vm())) : "")
                .withProperty("state", n -> switch (current.apply(n)) {
                    case HostNode h -> !h.host().connected() ? "disconnected" : h.host().maintenance() ? "maintenance" : "";
                    case VmNode v -> StateBadge.text(v.vm());
                    default -> "";
                })
                .withProperty("busy", n -> current.apply(n) instanceof VmNode v && v.vm().currentOperation() != null
                        ? v.vm().currentOperation().label() + "…" : "")
                .withProperty("tags", n -> switch (current.apply(n)) {
                    case HostNode h -> hostTags.apply(h.host());
                    case VmNode v -> v.vm().tags();
                    default -> List.of();
                })
                .withProperty("vms", n -> current.apply(n) instanceof HostNode h ? counts.apply(h).vms() : 0)
                .withProperty("running", n -> current.apply(n) instanceof HostNode h ? counts.apply(h).running() : 0)
                .withProperty("counts", n -> current.apply(n) instanceof HostNode h ? counts.apply(h).text() : "")
                .withFunction("toggle", toggle::accept);
    }

    private static String kind(InventoryNode node) {
        return switch (node) {
            case PoolNode p -> "pool";
            case HostNode h -> "host";
            case TemplatesNode t -> "templates";
            case VmNode v -> v.vm().template() ? "template" : "vm";
        };
    }

    /** {@code vaadin:play-circle} for {@link VaadinIcon#PLAY_CIRCLE}, as {@link VaadinIcon#create()} names it. */
    static String iconName(VaadinIcon icon) {
        return "vaadin:" + icon.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
