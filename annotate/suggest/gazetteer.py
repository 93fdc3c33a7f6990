"""A small gazetteer, written as data: countries, capitals and large cities, demonyms, organizations,
titles of office. Used by :mod:`annotate.suggest.entities` (rule entity mentions)."""

from __future__ import annotations


def _lines(block: str) -> list[list[str]]:
    rows = []
    for line in block.strip().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            rows.append([part.strip() for part in line.split("|")])
    return rows


# Country | other names ... (the first name is the canonical one, used to group coreferent mentions)
_COUNTRIES = """
Afghanistan
Albania
Algeria
Angola
Argentina
Armenia
Australia
Austria
Azerbaijan
Bahrain
Bangladesh
Belarus
Belgium
Bolivia
Bosnia and Herzegovina | Bosnia
Brazil
Bulgaria
Cambodia
Cameroon
Canada
Chile
China | People's Republic of China | PRC | Beijing government
Colombia
Costa Rica
Croatia
Cuba | Republic of Cuba
Cyprus
Czech Republic | Czechia
Denmark
Dominican Republic
Ecuador
Egypt
El Salvador
Eritrea
Estonia
Ethiopia
Finland
France
Georgia
Germany
Ghana
Greece
Guatemala
Haiti
Honduras
Hungary
Iceland
India
Indonesia
Iran
Iraq
Ireland
Israel
Italy
Jamaica
Japan
Jordan
Kazakhstan
Kenya
Kuwait
Kyrgyzstan
Laos
Latvia
Lebanon
Libya
Lithuania
Malaysia
Mali
Mexico
Moldova
Mongolia
Montenegro
Morocco
Mozambique
Myanmar | Burma
Nepal
Netherlands | Holland
New Zealand
Nicaragua
Niger
Nigeria
North Korea | DPRK | Democratic People's Republic of Korea
North Macedonia | Macedonia
Norway
Oman
Pakistan
Palestine
Panama
Paraguay
Peru
Philippines
Poland
Portugal
Qatar
Romania
Russia | Russian Federation
Rwanda
Saudi Arabia
Senegal
Serbia
Singapore
Slovakia
Slovenia
Somalia
South Africa
South Korea | Republic of Korea
South Sudan
Spain
Sri Lanka
Sudan
Sweden
Switzerland
Syria
Taiwan
Tajikistan
Tanzania
Thailand
Tunisia
Turkey | Türkiye
Turkmenistan
Uganda
Ukraine
United Arab Emirates | UAE
United Kingdom | UK | U.K. | Britain | Great Britain
United States | US | U.S. | USA | U.S.A. | America | United States of America
Uruguay
Uzbekistan
Venezuela
Vietnam | Viet Nam
Yemen
Zambia
Zimbabwe
Soviet Union | USSR | U.S.S.R.
Yugoslavia
Crimea
Puerto Rico
"""

# City | country (capitals and cities that news about governments mentions)
_CITIES = """
Moscow | Russia
Saint Petersburg | Russia
St. Petersburg | Russia
Sochi | Russia
Vladivostok | Russia
Havana | Cuba
Santiago de Cuba | Cuba
Washington | United States
New York | United States
Miami | United States
Beijing | China
Shanghai | China
Hanoi | Vietnam
Ho Chi Minh City | Vietnam
Pyongyang | North Korea
Seoul | South Korea
Vientiane | Laos
Tokyo | Japan
London | United Kingdom
Paris | France
Berlin | Germany
Brussels | Belgium
Rome | Italy
Madrid | Spain
Lisbon | Portugal
Vienna | Austria
Geneva | Switzerland
Warsaw | Poland
Kiev | Ukraine
Kyiv | Ukraine
Minsk | Belarus
Ankara | Turkey
Istanbul | Turkey
Tehran | Iran
Baghdad | Iraq
Damascus | Syria
Beirut | Lebanon
Jerusalem | Israel
Tel Aviv | Israel
Cairo | Egypt
Riyadh | Saudi Arabia
Doha | Qatar
Abu Dhabi | United Arab Emirates
Dubai | United Arab Emirates
New Delhi | India
Delhi | India
Islamabad | Pakistan
Kabul | Afghanistan
Baku | Azerbaijan
Tbilisi | Georgia
Yerevan | Armenia
Astana | Kazakhstan
Tashkent | Uzbekistan
Caracas | Venezuela
Bogota | Colombia
Bogotá | Colombia
Lima | Peru
Quito | Ecuador
La Paz | Bolivia
Santiago | Chile
Buenos Aires | Argentina
Brasilia | Brazil
Brasília | Brazil
Montevideo | Uruguay
Asuncion | Paraguay
Managua | Nicaragua
Mexico City | Mexico
Panama City | Panama
San Jose | Costa Rica
Ottawa | Canada
Canberra | Australia
Jakarta | Indonesia
Manila | Philippines
Bangkok | Thailand
Hanoi | Vietnam
Phnom Penh | Cambodia
Addis Ababa | Ethiopia
Nairobi | Kenya
Pretoria | South Africa
Johannesburg | South Africa
Luanda | Angola
Algiers | Algeria
Tripoli | Libya
Belgrade | Serbia
Athens | Greece
Budapest | Hungary
Prague | Czech Republic
Bucharest | Romania
Sofia | Bulgaria
Helsinki | Finland
Stockholm | Sweden
Oslo | Norway
Copenhagen | Denmark
Dublin | Ireland
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

COUNTRIES = _lines(_COUNTRIES)
CITIES = _lines(_CITIES)
DEMONYMS = _lines(_DEMONYMS)
ORGANIZATIONS = _lines(_ORGANIZATIONS)
FACILITIES = _lines(_FACILITIES)
REGIONS = _lines(_REGIONS)
