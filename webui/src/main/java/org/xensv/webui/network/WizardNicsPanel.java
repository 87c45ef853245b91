package org.xensv.webui.network;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.textfield.TextField;
import org.xensv.webui.network.WizardNics.NetworkChoice;

/**
 * The NIC section of the New VM wizard's host page: the NICs chosen, each removable, and a line to
 * add one (network, MAC, rate). It only edits its {@link WizardNics}; the wizard checks and creates.
 */
public final class WizardNicsPanel extends Div implements HasValidation {

    private final WizardNics nics;
    private final Div rows = new Div();
    private final Span error = new Span();
    private final ComboBox<NetworkChoice> network = new ComboBox<>("Network");
    private final TextField mac = new TextField("MAC");
    private final TextField rate = new TextField("Rate limit");
    private String errorMessage;

    public WizardNicsPanel(WizardNics nics) {
        this.nics = nics;
        setId("wizard-nics");
        rows.setId("wizard-nic-list");
        error.setId("wizard-nics-error");
        error.addClassName("wizard-message");
        network.setId("wizard-nic-network");
        network.setItems(nics.networks());
        network.setItemLabelGenerator(NetworkChoice::label);
        if (!nics.networks().isEmpty()) {
            network.setValue(nics.networks().get(0));
        }
        mac.setId("wizard-nic-mac");
        mac.setPlaceholder("generated");
        rate.setId("wizard-nic-rate");
        rate.setPlaceholder("e.g. 10Mb/s@50ms");
        Button add = new Button("Add NIC", VaadinIcon.PLUS.create(), e -> {
            if (network.getValue() != null) {
                nics.add(new WizardNics.Nic(network.getValue().id(), mac.getValue(), rate.getValue()));
                mac.clear();
                rate.clear();
                redraw();
            }
        });
        add.setId("wizard-add-nic");
        add.addThemeVariants(ButtonVariant.LUMO_SMALL);
        Div line = new Div(network, mac, rate, add);
        line.addClassName("wizard-nic-add");
        add(new Span("Network interfaces"), rows, line, error);
        redraw();
    }

    private void redraw() {
        rows.removeAll();
        if (nics.nics().isEmpty()) {
            rows.add(new Div("No NIC: the VM will have no network."));
        }
        var all = nics.nics();
        for (int device = 0; device < all.size(); device++) {
            int index = device;
            WizardNics.Nic nic = all.get(device);
            String label = nics.networks().stream().filter(n -> n.id().equals(nic.networkId())).findFirst()
                    .map(NetworkChoice::label).orElse("?");
            Button remove = new Button(VaadinIcon.CLOSE_SMALL.create(), e -> {
                nics.remove(index);
                redraw();
            });
            remove.setId("wizard-remove-nic-" + device);
            remove.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
            Div row = new Div(new Span("NIC " + device + ": " + label
                    + (nic.mac() == null || nic.mac().isBlank() ? ", MAC generated" : ", " + nic.mac())
                    + (nic.rate() == null || nic.rate().isBlank() ? "" : ", " + nic.rate())), remove);
            row.addClassName("wizard-nic");
            rows.add(row);
        }
    }

    @Override
    public void setErrorMessage(String errorMessage) {
        this.errorMessage = errorMessage;
        error.setText(errorMessage == null ? "" : errorMessage);
    }

    @Override
    public String getErrorMessage() {
        return errorMessage;
    }

    @Override
    public void setInvalid(boolean invalid) {
        if (!invalid) {
            setErrorMessage(null);
        }
        error.setVisible(invalid);
    }

    @Override
    public boolean isInvalid() {
        return error.isVisible() && errorMessage != null;
    }
}
