"""The team lead's workload tools in the UI: the board, moving cases, absence cover, the balancing
proposal, and the caseworker's "Ta ärendet" / "Lämna tillbaka". The figures and proposals come from the
Qt-free core (``caseworker.workload``); every move goes through the outbox (``reassign_case``).

``install.install(window)`` wires it all into the main window; nothing else in the shell knows it.
"""
