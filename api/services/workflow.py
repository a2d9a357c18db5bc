"""Workflows declared as data, enforced by one function.

A workflow is a table of transitions: action, the states it starts from, the state it leads to,
the roles that may trigger it, whether people trigger it by hand (or only the system, as a side
effect of another step), and a guard that explains in French why it cannot happen yet.
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
    roles: frozenset[str]
    manual: bool = True
    guard: Guard | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Workflow:
    name: str
    transitions: tuple[Transition, ...]

    def allowed_actions(self, state: str, roles: frozenset[str], *, manual_only: bool = True) -> list[str]:
        return [t.action for t in self.transitions
                if state in t.sources and roles & t.roles and (t.manual or not manual_only)]

    def apply(self, state: str, action: str, roles: frozenset[str], context: Any = None,
              *, by_hand: bool = True) -> str:
        """The state after `action`, or a 409 naming the actions allowed from `state`."""
        transition = next((t for t in self.transitions if t.action == action and state in t.sources), None)
        if transition is None or (by_hand and not transition.manual):
            allowed = self.allowed_actions(state, roles)
            raise Conflict(
                f"Action « {action} » impossible depuis l'état « {state} ».",
                allowed=allowed,
            )
        if not roles & transition.roles:
            raise Forbidden(f"Votre rôle ne permet pas l'action « {action} ».")
        if transition.guard is not None:
            problem = transition.guard(context)
            if problem:
                raise Conflict(problem, allowed=self.allowed_actions(state, roles))
        return transition.target

    def action_names(self) -> set[str]:
        return {t.action for t in self.transitions}
