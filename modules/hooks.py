"""
Extension points of the learner's pages for apps above ``modules`` in the layers.

``modules`` may not import the apps built on it (certificates, reports), yet ``/my-training/``
should show each module's certificate. An app above registers a *module card addition* when it is
ready; the page asks every registered function once per request for all its modules together (so
the cost does not grow with modules) and includes the template each returns beside the module.

A function takes ``(user, modules)`` and returns ``{module_id: (template_name, context)}``.
"""

_module_card_additions = []


def register_module_card_addition(function):
    """Add ``function`` to those asked for extras beside each module on ``/my-training/``."""
    if function not in _module_card_additions:
        _module_card_additions.append(function)
    return function


def module_card_additions(user, modules):
    """``{module_id: [(template_name, context), ...]}`` from every registered function."""
    additions = {}
    for function in _module_card_additions:
        for module_id, addition in function(user, modules).items():
            additions.setdefault(module_id, []).append(addition)
    return additions
