"""The class exercises: what to set up, what to notice, and the result the model gives.

Every expected result is a ``Claim`` that ``tests/test_exercises.py`` checks on each of the
exercise's seeds, with a margin that shows on screen, so an exercise cannot claim what the model
does not do. The numbers in the texts are those the test measures.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

#: Per ``(step, run)``: the run's recorded outcomes (``frames.frame``) and its timeline.
Results = Mapping[tuple[int, int], tuple[pd.DataFrame, list[dict[str, Any]]]]


@dataclass(frozen=True)
class Step:
    """One setup of an exercise: the page's settings (``Classroom`` keywords) and what to do."""

    label: str
    settings: dict[str, Any]
    todo: str


@dataclass(frozen=True)
class Claim:
    """An expected result in words, and how to measure it: ``measure(results) >= at_least``."""

    text: str
    measure: Callable[[Results], float]
    at_least: float


@dataclass(frozen=True)
class Exercise:
    key: str
    title: str
    question: str
    steps: tuple[Step, ...]
    notice: tuple[str, ...]
    claims: tuple[Claim, ...]
    discussion: str
    seeds: tuple[int, ...] = (1, 2, 3)


def end(column: str, run: int = 0, step: int = 0) -> Callable[[Results], float]:
    """The value of ``column`` at the end of a run."""
    return lambda results: float(results[step, run][0][column].iloc[-1])


def change(column: str, run: int = 0, step: int = 0) -> Callable[[Results], float]:
    """How far ``column`` moved from the start to the end of a run."""
    return lambda results: float(results[step, run][0][column].iloc[-1] - results[step, run][0][column].iloc[0])


def minus(a: Callable[[Results], float], b: Callable[[Results], float]) -> Callable[[Results], float]:
    return lambda results: a(results) - b(results)


def closeness(a: Callable[[Results], float], b: Callable[[Results], float]) -> Callable[[Results], float]:
    """Minus the distance between two values: at least ``-d`` means within ``d`` of each other."""
    return lambda results: -abs(a(results) - b(results))


def smallest_cut_at_random_leader_change(run: int = 0, step: int = 0) -> Callable[[Results], float]:
    """Across a run's random changes of leader, the smallest share of practice lost in that quarter
    (1 when there is none, so the claim is about the changes that happen)."""

    def measure(results: Results) -> float:
        frame, timeline = results[step, run]
        practice = frame["practice_now"].to_numpy()
        cuts = [
            1.0 - practice[int(e["time"])] / practice[int(e["time"]) - 1]
            for e in timeline
            if e["kind"] == "leadership_change" and "random" in e["label"] and practice[int(e["time"]) - 1] > 0
        ]
        return min(cuts, default=1.0)

    return measure


A, B = 0, 1

EXERCISES: tuple[Exercise, ...] = (
    Exercise(
        key="train_and_equip",
        title="1. Train and equip in Tajikistan: who gains?",
        question="Donors like hardware and technical training: recipients welcome them and outputs are easy to "
        "count. What do they do where the leadership sees reform as a threat?",
        steps=(
            Step(
                "No aid (A) against train and equip (B)",
                {"country": "tajikistan", "strategy": "no_aid", "compare_with": "train_and_equip"},
                "Run to the end and compare the panels; read the B − A line under This run.",
            ),
            Step(
                "Three times the money",
                {
                    "country": "tajikistan",
                    "strategy": "no_aid",
                    "compare_with": "train_and_equip",
                    "funding_scale": 3.0,
                },
                "Press Keep this run first, then set up this step and run to the end: the faint lines are step 1.",
            ),
            Step(
                "Train and equip (A) against conditional hardware (B)",
                {"country": "tajikistan", "strategy": "train_and_equip", "compare_with": "conditional"},
                "The same hardware, delivered only while accountability rises.",
            ),
        ),
        notice=(
            "Repression capacity climbs under train and equip: much of the equipment ends with riot units.",
            "More means of repression make citizens more afraid, and the afraid tell official pollsters they trust "
            "the police: the official poll rises while true trust does not (the pink line in Political will, "
            "ministry resistance and fear).",
            "Donors report success that grows with spending while real change stays at zero.",
            "Corruption, practice and accountability hardly differ: the money buys no structural change.",
        ),
        claims=(
            Claim(
                "Repression capacity ends at least 0.04 higher with train and equip (B) than without aid (A).",
                minus(end("repression_capacity_now", B), end("repression_capacity_now", A)),
                0.04,
            ),
            Claim(
                "Fear lifts the official poll above true trust by at least 0.02 more in B than in A.",
                minus(end("fear_lift", B), end("fear_lift", A)),
                0.02,
            ),
            Claim(
                "True trust ends within 0.01 of the run without aid.",
                closeness(end("trust", B), end("trust", A)),
                -0.01,
            ),
            Claim(
                "Donors report at least 0.08 more success in B, yet real change ends below 0.01 in both runs.",
                lambda r: min(
                    end("reported_success", B)(r) - end("reported_success", A)(r) - 0.08,
                    0.01 - end("real_change", A)(r),
                    0.01 - end("real_change", B)(r),
                ),
                0.0,
            ),
            Claim(
                "Three times the money (step 2) ends repression capacity at least 0.05 higher still.",
                minus(end("repression_capacity_now", B, step=1), end("repression_capacity_now", B)),
                0.05,
            ),
            Claim(
                "Conditional hardware (step 3, B) ends repression capacity at least 0.02 lower than train and "
                "equip, and donors report at least 0.1 less success.",
                lambda r: min(
                    end("repression_capacity_now", A, 2)(r) - end("repression_capacity_now", B, 2)(r) - 0.02,
                    end("reported_success", A, 2)(r) - end("reported_success", B, 2)(r) - 0.1,
                ),
                0.0,
            ),
        ),
        discussion="In what sense does the aid backfire when true trust does not move? Who benefits from the "
        "better official figures? Why would donors keep funding it?",
    ),
    Exercise(
        key="policy_practice_gap",
        title="2. Kazakhstan: laws without practice",
        question="Kazakhstan passes many laws on police reform and implements few. What closes the gap between "
        "formal reform and practice: donor money, or the country's own levers?",
        steps=(
            Step(
                "Status quo (A) against holistic aid (B)",
                {"country": "kazakhstan", "strategy": "status_quo", "compare_with": "holistic"},
                "Run to the end; watch Formal reform and practice. Press Keep this run.",
            ),
            Step(
                "More political will (0.6)",
                {"country": "kazakhstan", "strategy": "status_quo", "compare_with": "holistic", "political_will": 0.6},
                "Run to the end and compare with the faint lines of step 1. Keep this run too.",
            ),
            Step(
                "Less ministry resistance (0.4)",
                {"country": "kazakhstan", "strategy": "status_quo", "compare_with": "holistic", "moi_resistance": 0.4},
                "Run to the end. Keep this run.",
            ),
            Step(
                "Both: will 0.6 and resistance 0.4",
                {
                    "country": "kazakhstan",
                    "strategy": "status_quo",
                    "compare_with": "holistic",
                    "political_will": 0.6,
                    "moi_resistance": 0.4,
                },
                "Run to the end and compare with the kept runs.",
            ),
        ),
        notice=(
            "With the country's own values, holistic aid and the status quo end almost alike: formal reform "
            "climbs, practice stays low, and the gap between the lines stays wide.",
            "More will alone, or less resistance alone, lifts practice part of the way.",
            "Both together lift practice furthest; only then does corruption fall clearly and trust follow.",
        ),
        claims=(
            Claim(
                "Step 1: practice under holistic aid ends within 0.03 of the status quo.",
                closeness(end("practice_now", B), end("practice_now", A)),
                -0.03,
            ),
            Claim(
                "Step 1: the gap between formal reform and practice ends above 0.3 in both runs.",
                lambda r: min(end("reform_gap", A)(r), end("reform_gap", B)(r)),
                0.3,
            ),
            Claim(
                "Will and resistance together (step 4) end practice at least 0.1 above either lever alone "
                "(steps 2 and 3), in run A.",
                lambda r: (
                    end("practice_now", A, 3)(r) - max(end("practice_now", A, 1)(r), end("practice_now", A, 2)(r))
                ),
                0.1,
            ),
            Claim(
                "Together they end corruption at least 0.3 below the country's own values (step 1), and true "
                "trust at least 0.1 above.",
                lambda r: min(
                    end("corruption", A)(r) - end("corruption", A, 3)(r) - 0.3,
                    end("trust", A, 3)(r) - end("trust", A)(r) - 0.1,
                ),
                0.0,
            ),
        ),
        discussion="Which of these levers can donors pull? What could donors do about political will and ministry "
        "resistance, and what would the regime make of it?",
    ),
    Exercise(
        key="fragile_gains",
        title="3. Kyrgyzstan: gains a new leader undoes",
        question="Kyrgyzstan is the most open of the three countries, with the most capable civil society, but "
        "its leaders change often. How lasting are reform gains there?",
        steps=(
            Step(
                "Holistic aid (A) against the status quo (B)",
                {"country": "kyrgyzstan", "strategy": "holistic", "compare_with": "status_quo"},
                "Run to the end. Read the grey marks (changes of leader) on the charts, then try seeds 2 and 3.",
            ),
        ),
        notice=(
            "Holistic aid lifts practice and accountability above the status quo.",
            "At each random change of leader (grey mark) practice drops at once, often by half: years of "
            "progress lost in a quarter. The scheduled 2017 election does not cut it.",
            "Trust reacts slowly; how far a run gets depends on how many leaders fall.",
        ),
        claims=(
            Claim(
                "Practice ends at least 0.05 higher under holistic aid (A) than under the status quo (B).",
                minus(end("practice_now", A), end("practice_now", B)),
                0.05,
            ),
            Claim(
                "Every random change of leader cuts practice under holistic aid by at least a quarter in the "
                "quarter it happens.",
                smallest_cut_at_random_leader_change(A),
                0.25,
            ),
        ),
        discussion="Why do gains that rest on the will of whoever governs not last? What would make reform "
        "survive a change of leader: laws, trained officers, civil society? What does this mean for how long "
        "donors should stay?",
    ),
    Exercise(
        key="georgia",
        title="4. Georgia 2004 beside Kyrgyzstan",
        question="After 2004 Georgia's new leadership dismissed its traffic police, hired screened recruits on far "
        "higher pay and vetted the rest. Kyrgyzstan tried reform too, under changing leaders. What differs?",
        steps=(
            Step(
                "Georgia from 2004 (A) beside Kyrgyzstan from 2003 (B)",
                {"country": "georgia_2004", "compare_country": "kyrgyzstan_2003", "strategy": "status_quo"},
                "Run to the end (Georgia's run stops in mid-2012, before its change of government). Open the "
                "agent view's officers for each run.",
            ),
        ),
        notice=(
            "In Georgia corruption falls by nearly half within a few years and practice rises steeply; in "
            "Kyrgyzstan both stay about where they were, through the changes of leader.",
            "Accountability rises in Georgia and stays near zero in Kyrgyzstan.",
            "Trust in Georgia rises only slowly from a very low start and still ends below Kyrgyzstan's: "
            "trust lags behind the police that earn it.",
        ),
        claims=(
            Claim(
                "Corruption falls by at least 0.25 in Georgia (A) and by less than 0.05 in Kyrgyzstan (B).",
                lambda r: min(-change("corruption", A)(r) - 0.25, 0.05 + change("corruption", B)(r)),
                0.0,
            ),
            Claim(
                "Practice rises by at least 0.3 in Georgia and by less than 0.1 in Kyrgyzstan.",
                lambda r: min(change("practice_now", A)(r) - 0.3, 0.1 - change("practice_now", B)(r)),
                0.0,
            ),
            Claim(
                "Accountability ends at least 0.05 higher in Georgia than in Kyrgyzstan.",
                minus(end("accountability", A), end("accountability", B)),
                0.05,
            ),
            Claim(
                "True trust rises by at least 0.02 in Georgia and falls in Kyrgyzstan, yet ends at least 0.1 lower "
                "in Georgia.",
                lambda r: min(
                    change("trust", A)(r) - 0.02,
                    -change("trust", B)(r),
                    end("trust", B)(r) - end("trust", A)(r) - 0.1,
                ),
                0.0,
            ),
        ),
        discussion="Which of Georgia's inputs (will, dismissals, pay, vetting) does Kyrgyzstan's history lack? Why "
        "does trust move so much more slowly than corruption? Could donors have bought Georgia's result?",
    ),
)

EXERCISES_BY_KEY: dict[str, Exercise] = {exercise.key: exercise for exercise in EXERCISES}
