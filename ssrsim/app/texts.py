"""What each chart on the page shows and what moves it, in words for students."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Explanation:
    """Two short paragraphs beside a chart."""

    shows: str
    moves: str


INTRO = (
    "A country preset sets the sliders to that country's values; Country values sets them back. "
    "Choose a donor strategy and, to compare, a second one; move the sliders; then press Reset to "
    "start a new run with these settings. Step advances one quarter; the play button runs to the end "
    "of the scenario. Two runs side by side share the country, seed and sliders, so any difference "
    "between them comes from the strategy."
)

EXPLANATIONS: dict[str, Explanation] = {
    "trust": Explanation(
        shows="Citizens who trust the police: the true share, what an official poll reports, and an "
        "independent yearly survey (where a capable CSO may run one).",
        moves="Good police contacts raise trust slowly; bribes, abuse and crises cut it fast. "
        "Fear makes people tell official pollsters they trust.",
    ),
    "accountability": Explanation(
        shows="The share of police misconduct that is both detected and sanctioned.",
        moves="Oversight bodies, CSO monitoring, the media and complaints detect it; sanctions need "
        "implemented reform and working courts. Patrons shield the officers who owe them their posts.",
    ),
    "reform": Explanation(
        shows="Formal reform is what exists on paper; practice is what the ministry carries out. "
        "The space between the lines is the policy-practice gap.",
        moves="Laws follow pressure from the public, CSO campaigns and parliament. Practice follows "
        "only as far as political will beats ministry resistance; a new leader can undo it.",
    ),
    "misconduct": Explanation(
        shows="Corruption: share of officers taking bribes (left axis). Abuse: chance that a police "
        "contact is abusive (right axis).",
        moves="Officers weigh bribes and colleagues' cover against the expected sanction; where most "
        "take bribes, joining is cheap. Officers who mean to serve the public, and deterrence, cut abuse.",
    ),
    "repression": Explanation(
        shows="Riot units, special forces and their equipment, as an index.",
        moves="Grows when equipment, the state's or donors', goes to riot units instead of ordinary "
        "policing; shrinks as it ages. It breeds fear and harsher crackdowns.",
    ),
    "success": Explanation(
        shows="Success donors report, against real change: how far trust, accountability and clean "
        "policing have moved toward the ideal since the start.",
        moves="Donors who count activities report more success the more they spend; real change needs "
        "real outcomes. The gap is success on paper.",
    ),
    "regions": Explanation(
        shows="Each row is one region's police, one cell per quarter, coloured by the unit's corruption "
        "or by citizens' trust there.",
        moves="Regions differ in corruption, ethnic tension and civil society; a violent crisis hits "
        "one region's trust at once.",
    ),
    "timeline": Explanation(
        shows="Events as they happen, dated from recent history or drawn at random. Hover over a mark to read it.",
        moves="A new leader brings new political will and may reverse reform; a crisis cuts trust; a "
        "law or a CSO campaign raises formal reform.",
    ),
}
