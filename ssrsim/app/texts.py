"""What each chart on the page shows and what moves it, in words for students."""

from __future__ import annotations

from dataclasses import dataclass

#: The app's name, in the browser tab and its bar.
TITLE = "Security-sector reform in Central Asia"


@dataclass(frozen=True)
class Explanation:
    """Two short paragraphs beside a chart."""

    shows: str
    moves: str


INTRO = (
    "Pick an exercise, or a country and donor strategies. Move the sliders, then press Reset to start "
    "a new run with these settings. Step advances one quarter, the play button plays quarter after "
    "quarter, Run to the end computes the rest at once. Keep this run leaves the runs on screen as faint "
    "lines under the next ones. Two runs side by side share the seed and sliders, so any difference "
    "between them comes from the strategy (or, with Country of run B, from the country)."
)

#: The controls as the page names them, for the message that settings changed since the run began.
SETTING_NAMES: dict[str, str] = {
    "country": "country",
    "strategy": "donor strategy",
    "compare_with": "side by side with",
    "compare_country": "country of run B",
    "political_will": "political will",
    "funding_scale": "donor funding",
    "oversight_strength": "oversight strength",
    "moi_resistance": "ministry resistance",
    "cso_capacity": "CSO capacity",
    "media_freedom": "media freedom",
    "seed": "seed",
    "more": "more parameters",
}

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
    "corruption": Explanation(
        shows="The share of officers who take bribes.",
        moves="Each officer weighs the bribe and colleagues' cover against the expected sanction and their own "
        "integrity; where most take bribes, joining is cheap. Merit hiring, pay and sanctions cut it.",
    ),
    "abuse": Explanation(
        shows="The chance that a police contact is abusive, in percent.",
        moves="Officers who mean to serve the public, and deterrence, cut abuse; repression raises it.",
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
        "or by citizens' trust there, on a scale from 0 to 1.",
        moves="Regions differ in corruption, ethnic tension and civil society; a violent crisis hits "
        "one region's trust at once.",
    ),
    "causes": Explanation(
        shows="Each quarter's change in mean true trust, split by cause, from the citizens' own bookkeeping: "
        "the causes add up to the change (the dot). Below: each cause's total since the start.",
        moves="Good contacts add trust; bribe demands, abuse, published misconduct and crises take it away. "
        "Neighbours spread opinions but keep a region's mean. CSO outreach and oversight act through the news "
        "and through reform, not directly; fear changes what people say, not what they feel.",
    ),
    "drivers": Explanation(
        shows="The leadership's political will, the interior ministry's resistance, citizens' fear, and how far "
        "fear lifts the official poll above true trust.",
        moves="A new leader draws new will; pressure from below wears resistance down; repression capacity and "
        "violence breed fear, and the afraid tell official pollsters they trust the police.",
    ),
    "agents": Explanation(
        shows="Citizens: a fixed sample, true trust against what they tell an official poll, coloured by fear. "
        "Officers: every one, by unit, placed by integrity threshold, red if taking bribes. CSOs sized by "
        "capacity; oversight bodies as gauges; donors' money by programme.",
        moves="Officers with the least integrity take bribes first; sanctions and honest colleagues move "
        "the line. Fear lifts citizens above the diagonal. Grants grow CSOs; civic space lets them act.",
    ),
    "timeline": Explanation(
        shows="Events as they happen, dated from recent history or drawn at random. Hover over a mark to read it.",
        moves="A new leader brings new political will and may reverse reform; a crisis cuts trust; a "
        "law or a CSO campaign raises formal reform.",
    ),
}

PRESETS_NOTE = (
    "The 2013 presets start each country as calibrated in 2013 and run twenty years of possible futures. "
    "The historical replays (2003-2018) start from 2003 and replay the changes of leader, crises and laws "
    "on record, with no random ones on top. Georgia 2004-2012 is a held-out case: built from what its "
    "leadership did, never tuned to its results."
)
