"""Workflows declared as data, enforced by one function.

A workflow is a table of transitions: action, the states it starts from, the state it leads to,
what grants it (scopes from `api/access.py`, or a relation to the record such as "author" or
"owner"), whether people trigger it by hand (or only the system, as a side effect of another
step that was itself authorised), and a guard that explains in French why it cannot happen yet.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from api.errors import Conflict, Forbidden

Guard = Callable[[Any], str | None]


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    grants: frozenset[str]
    manual: bool = True
    guard: Guard | None = field(default=None, compare=False)
    # The guard reads what the person sends (a reason, the original of a duplicate), not only the
    # record: such a step stays offered even when the context at hand would not satisfy it.
    needs_input: bool = False


@dataclass(frozen=True)
class Workflow:
    name: str
    transitions: tuple[Transition, ...]

    def allowed_actions(self, state: str, grants: frozenset[str], *, manual_only: bool = True,
                        context: Any = None) -> list[str]:
        """The steps open from `state` to these grants; given a context, only those whose guard on the
        record passes (so a refusal never offers a step that would be refused just the same)."""
        return [t.action for t in self.transitions
                if state in t.sources and (grants & t.grants or not t.manual) and (t.manual or not manual_only)
                and (context is None or t.guard is None or t.needs_input or not t.guard(context))]

    def apply(self, state: str, action: str, grants: frozenset[str], context: Any = None,
              *, by_hand: bool = True) -> str:
        """The state after `action`, or a 409 naming the actions allowed from `state`."""
        transition = next((t for t in self.transitions if t.action == action and state in t.sources), None)
        if transition is None or (by_hand and not transition.manual):
            allowed = self.allowed_actions(state, grants)
            raise Conflict(
                f"Action « {action} » impossible depuis l'état « {state} ».",
                allowed=allowed,
            )
        # A system step follows an action that was itself authorised; a manual one needs a grant.
        if transition.manual and not grants & transition.grants:
            raise Forbidden(f"Votre rôle ne permet pas l'action « {action} ».")
        if transition.guard is not None:
            problem = transition.guard(context)
            if problem:
                raise Conflict(problem, allowed=self.allowed_actions(state, grants, context=context))
        return transition.target

    def action_names(self) -> set[str]:
        return {t.action for t in self.transitions}
