"""Who manages whom on the staff list: managers nobody can find, and loops."""


def in_loops(edges: dict[str, str]) -> set[str]:
    """The addresses whose chain of managers leads back to themselves (someone who
    manages themselves included), for `edges` {address: their manager's address}."""
    state: dict[str, int] = {}  # 1: on the chain being walked, 2: done
    looping: set[str] = set()
    for start in edges:
        chain = []
        person = start
        while person in edges and person not in state:
            state[person] = 1
            chain.append(person)
            person = edges[person]
        if state.get(person) == 1:  # walked back into this chain: a loop from `person`
            looping.update(chain[chain.index(person) :])
        for walked in chain:
            state[walked] = 2
    return looping
