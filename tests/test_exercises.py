"""Every exercise's expected result holds on every seed it lists, by the margin it states."""

from __future__ import annotations

import pytest

from ssrsim.app import frames
from ssrsim.app.classroom import Classroom
from ssrsim.app.exercises import EXERCISES, Exercise, Results


def results(exercise: Exercise, seed: int) -> Results:
    """Each step of the exercise run to the end, as the page runs it."""
    out = {}
    for number, step in enumerate(exercise.steps):
        classroom = Classroom(**step.settings, seed=str(seed))
        assert classroom.error is None, classroom.error
        classroom.run_to_end()
        for slot, run in enumerate(classroom.runs):
            out[number, slot] = (frames.frame(run), run.model.timeline)
    return out


@pytest.mark.parametrize("exercise", EXERCISES, ids=[exercise.key for exercise in EXERCISES])
def test_the_exercise_shows_what_it_claims(exercise: Exercise) -> None:
    failures = []
    for seed in exercise.seeds:
        measured = results(exercise, seed)
        for claim in exercise.claims:
            value = claim.measure(measured)
            if value < claim.at_least:
                failures.append(f"seed {seed}: {claim.text} (measured {value:+.3f}, needed {claim.at_least:+.3f})")
    assert not failures, "\n".join(failures)


def test_every_exercise_says_what_to_notice_and_lists_seeds() -> None:
    for exercise in EXERCISES:
        assert all((exercise.steps, exercise.notice, exercise.claims, exercise.seeds)), exercise.key
        for step in exercise.steps:
            assert Classroom(**step.settings).error is None
