package org.mailwright.ui.wizard;

import javafx.scene.Node;

/** A page whose view is built the first time it is shown, then kept: the wizard keeps pages as the person left them. */
public abstract class LazyPage<M extends PageModel> implements WizardPage {
    protected final M model;
    private Node view;

    protected LazyPage(M model) {
        this.model = model;
    }

    @Override
    public final PageModel model() {
        return model;
    }

    @Override
    public final Node view() {
        if (view == null) {
            view = build();
        }
        return view;
    }

    /** Builds the view, binding its controls to {@link #model}; called once. */
    protected abstract Node build();
}
