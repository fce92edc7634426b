import random, os
topics = """daklekkage of lekkage door plafond|schimmel en vocht in de woning|cv-ketel storing, geen warm water|verwarming doet het niet in de winter|bezwaar tegen de jaarlijkse huurverhoging|servicekostenafrekening klopt niet|huurachterstand en betalingsregeling|geluidsoverlast van buren|burenruzie en intimidatie|woningruil aanvragen|wachttijd als woningzoekende|urgentieaanvraag afgewezen|zelf aangebrachte voorzieningen bij verhuizing|eindinspectie en oplevering bij vertrek|borg terugbetalen|keuken vervangen|badkamer renoveren|verstopt toilet of riool|ongedierte (muizen, kakkerlakken, wespen)|verwaarloosde tuin van buren of eigen tuin|schoonmaak van het trappenhuis|lift al dagen defect|parkeerplaats of parkeeroverlast|fietsenberging vol of kapot|zonnepanelen op het dak aanvragen|isolatie en renovatieproject|zorgen over asbest|rookmelder en brandveiligheid|inbraak, kapotte voordeur of slot|sleutels kwijt of buitengesloten|glasschade|huisdieren houden|onderhuur en woonfraude|hennepteelt of drugsoverlast|huurder overleden, huur opzeggen door nabestaanden|partner medehuurder maken|huur na scheiding|woningaanpassing bij beperking (traplift, drempels)|seniorenwoning en ouder worden|studentenkamer en campuscontract|huurtoeslag en inkomensverklaring|inkomensafhankelijke huurverhoging|huurcontract opzeggen|monteur kwam niet op de afspraak|klacht over gedrag van een aannemer|afvalcontainers en grofvuil|stank in de woning of het portiek|zwerfafval en vervuiling in de portiek|tocht door ramen en kozijnen|lekkende dakgoot|schilderwerk aan de buitenkant|energielabel en hoge energiekosten|storing stadsverwarming of warmtepomp|mechanische ventilatie maakt herrie of werkt niet|glasvezel of internetaansluiting|toestemming voor airco of schotel|toestemming voor eigen verbouwing|overlast van hangjongeren|verwarde of vervuilende buurman|procedure bij de huurcommissie|gemengd complex met VvE|bewonerscommissie en inspraak|inlogproblemen met het huurdersportaal|dubbele incasso of verkeerde afschrijving|incassobureau of deurwaarder ingeschakeld|te klein wonen, overbewoning|doorstromen naar een kleinere woning|informatie over nieuwbouwproject|sloop en herstructurering van de buurt|wateroverlast in kelder of berging|boom of groen geeft overlast|gemeenschappelijke ruimte of speeltuin|klacht die al maanden loopt|schade die bij de huurder in rekening wordt gebracht|hitte in de woning in de zomer""".split("|")
random.seed(7)
slots = topics * 2
random.shuffle(slots)
P = {
"H1": ("nl", 340, 68, """
- P01 Sandra (42), klantcontactmedewerker bij "Maasstad Wonen" (grote corporatie, Rotterdam, 30.000 woningen). Schrijft
  e-mails en brieven in de u-vorm. Formeel en procedureel: lange brieven (150-350 woorden), veel passief, woorden als
  "inzake", "middels", "in behandeling", ondertekent vaak "Team Klantcontact" (soms met haar naam). Bedoelt het goed,
  geeft feiten correct. Soms, als de zaak haar raakt, schrijft ze ineens persoonlijk en warm.
- P02 Mo (29), huismeester/wijkbeheerder bij "Woonkring Zaanstreek" (klein, Zaandam). Antwoordt via WhatsApp en het
  chatkanaal, je-vorm, 1 tot 4 korte zinnen, spreektaal, typfouten, soms zonder hoofdletters of leestekens. Meestal
  hartelijk en praktisch ("ik kom morgen even kijken"), maar soms kortaf of vaag over wanneer; bagatelliseert soms.
- P03 Ingrid (55), senior medewerker huurincasso bij "Woonstede Noord" (Groningen). Brieven en e-mails in de u-vorm,
  zakelijk en streng: herinneringen, betalingsregelingen, "u dient", verwijzingen naar de huurovereenkomst, vaak een
  nee op een verzoek om uitstel. Af en toe een menselijk zinnetje. Middellange teksten (80-250 woorden)."""),
"H2": ("nl", 340, 68, """
- P04 Dennis (35), planner reparatieverzoeken bij "Rivierstad Wonen" (Nijmegen). Plakt zijn concepten vaak in Slack om
  ze door een collega te laten lezen: met *vet*, opsommingen met "-" of "•", soms `> citaat van de huurder`. Kort, feiten
  eerst (data, tijdvakken, ordernummers), wisselt u en je. Vaak moet hij nee zeggen of uitstellen door de planning.
- P05 Fatima (38), wijkconsulent sociaal beheer bij "Woonpunt Utrecht-West". E-mails in de u-vorm, warm en
  empathisch, neemt de woorden van de huurder over, maar schrijft lang en soms zinnen van 30-45 woorden; overlast-,
  buren- en zorgdossiers. Soms vergeet ze te zeggen wat er concreet gebeurt.
- P06 Henk (61), technisch opzichter, 30 jaar in dienst bij "Stichting Woonbelang Twente". Korte, droge e-mails in
  de u-vorm. Zegt vaak dat iets "best meevalt" of "normaal" is, verwijst naar "de regels" of "hoe het altijd gaat",
  af en toe sarcastisch. Technisch correct; soms verrassend behulpzaam en concreet."""),
"H3": ("nl", 340, 68, """
- P07 Lotte (24), webcare en social media bij "Havenstad Wonen" (Amsterdam-Noord). Korte berichten in de je-vorm,
  vriendelijk, soms een emoji, verwijst graag naar de website, het portaal of een formulier ("vul even het formulier in
  via mijn.havenstad.nl"). Soms ook een lange DM als de zaak ingewikkeld is.
- P08 Ruud (50), teamleider verhuur bij "Brabant Woondiensten" (Tilburg). Formele brieven en e-mails in de u-vorm over
  toewijzing, urgentie, woningruil, inschrijving; veel afwijzingen met verwijzing naar beleid en regels; citeert soms
  de tekst van de huurder met ">" of tussen aanhalingstekens. Kan ook een goed uitgelegde nee schrijven.
- P09 Marieke (33), klantadviseur (5 jaar ervaring) bij "Woonveste Amersfoort". Gemengd: schrijft in haast, concepten
  soms half af, dt-fouten en tikfouten, Slack-opmaak (_cursief_, *vet*, opsommingen), u-vorm met af en toe "je".
  Meestal vriendelijk en concreet, soms vergeet ze de reden van een nee."""),
"H4": ("nl", 340, 68, """
- P10 Jeroen (46), medewerker servicekosten en huuradministratie bij "Woongoed Zuid-Holland" (Dordrecht). Rekent
  graag voor: bedragen, periodes, soms een klein tabelletje in platte tekst. Ambtelijk: "conform", "inzake",
  "onderhavig", lange zinnen. U-vorm, 100-300 woorden. Af en toe kort en helder als het om iets simpels gaat.
- P11 Anouk (31), klantcontact bij "Wonen Noordwest Friesland" (kleine corporatie). Persoonlijk, schrijft met "ik",
  u- of je-vorm afhankelijk van de huurder, soms te informeel of te lang babbelend, vergeet vaak een concrete volgende
  stap of belooft vaag "ik laat het je weten". Korte tot middellange e-mails.
- P12 Bas (44), medewerker leefbaarheid en handhaving bij "Stadswonen Den Haag". Overlast, woonfraude, tuinen,
  huisdieren, hennep. Strenge toon, waarschuwingen, "wij verwachten dat u ...", verwijst naar de huurovereenkomst en
  het huishoudelijk reglement. Schrijft soms een goed, rustig en concreet bericht."""),
"H5": ("nl", 340, 68, """
- P13 Yvonne (58), medewerker woonservice in een seniorencomplex van "Vivent Wonen" (Arnhem). U-vorm, geduldig,
  lange e-mails en brieven, soms betuttelend ("dat moet u echt niet zelf gaan doen hoor"), herhaalt zichzelf,
  beantwoordt soms niet de eigenlijke vraag. Vaak wel concreet over wie er langskomt.
- P14 Kevin (39), projectleider renovatie en planmatig onderhoud bij "Woonalliantie Limburg" (Heerlen). Schrijft als in
  een bewonersbrief: passief, vakjargon ("mutatieonderhoud", "planmatig onderhoud", "casco", "opname"), algemene
  antwoorden die niet op de vraag ingaan, ondertekent "Projectteam". Soms, bij een persoonlijk probleem, beter.
- P15 Sevda (27), klantcontactmedewerker telefonie die ook e-mails en portaalberichten beantwoordt bij "Woonbedrijf
  Eindhoven-Oost". Kort tot middellang, direct, u-vorm, tekent met haar naam. Zegt soms nee zonder reden of
  alternatief, maar is vaak concreet over de volgende stap. Kleine spelfouten."""),
"H6": ("en", 260, 52, """
(These personas write in English: the corporation serves international students, expats and newcomers. Write the
tenant messages in English too, by tenants from many countries, some with imperfect English.)
- E01 Tom (26), international desk of "Campus Living Delft" (student housing). E-mails that start from templates:
  "Thank you for contacting us", "Please refer to the tenant portal", FAQ links; friendly but often generic; signs
  "International Desk". Sometimes writes a genuinely personal reply.
- E02 Priya (40), tenancy officer at "Amstel Homes" (Amsterdam), British-Indian expat. Warm, detailed, takes up the
  tenant's words, but long sentences (30-50 words) and sometimes no clear next step.
- E03 Mark (48), maintenance coordinator at "Greenport Housing" (Rotterdam). Terse chat replies, lowercase, few words,
  "not in scope", "not our responsibility", "will check", sometimes dismissive; sometimes quick and concrete."""),
"H7": ("en", 260, 52, """
(These personas write in English: the corporation serves international tenants. Write the tenant messages in English
too, by tenants from many countries, some with imperfect English.)
- E04 Claire (52), complaints handler at "Utrecht Residential Trust". Formal British legal register: "pursuant to",
  "hereby", "the aforementioned", "we regret to inform you", long letters with passive voice; correct facts; refuses
  often with reference to the tenancy agreement. Sometimes writes plainly and kindly.
- E05 Joost (34), Dutch housing consultant at "Woonstad Leiden" writing English as a second language: Dunglish slips
  ("I will come back on this", "you must make an appointment", literal Dutch word order), direct imperatives, kind
  intentions, short to medium e-mails, signs with his name.
- E06 Sam (45), rent collections at "Eindhoven Living". Firm reminders, "as previously stated", "you are required
  to", sometimes CAPITALS or "!!", payment plans refused or granted with conditions, signs "Rent Collections" or "Sam"."""),
"H8": ("en", 260, 52, """
(These personas write in English: the corporation serves international tenants. Write the tenant messages in English
too, by tenants from many countries, some with imperfect English.)
- E07 Nadia (36), community liaison at "Hague Homes". Empathetic, names feelings, apologises a lot, but vague about
  what happens next ("we'll be in touch", "we'll see what we can do"); medium-length e-mails and Teams chats.
- E08 Greg (57), facilities manager at "Northside Housing Groningen". Sarcastic and minimising at times ("a bit of
  condensation never hurt anyone", "as any tenant should know"), blames tenants for damage, but can be practical and
  concrete; short to medium e-mails.
- E09 Lena (30), customer service at "Brightwater Housing" (Haarlem), answers in Teams chat and e-mail: markdown
  bullets, **bold**, medium length, mixed tone; often signs "Customer Service Team", sometimes "Lena"."""),
}
for i, (h, (lang, n, m, text)) in enumerate(P.items()):
    os.makedirs(h, exist_ok=True)
    mine = sorted(set(slots[i*18:(i+1)*18]))
    while len(mine) < 18:
        mine.append(random.choice(topics)); mine = sorted(set(mine))
    tlist = "\n".join(f"- {t}" for t in mine)
    lang_line = "Dutch (nl)" if lang == "nl" else "English (en)"
    open(f"{h}/personas.md", "w").write(f"""# Folder {h}

Your folder: `/work/corpus_work/{h}/`. Language of all messages and drafts: {lang_line}.

## Your personas (writer ids)
{text.strip()}

## Your topics (write tenant messages on all of them; topic names may be translated)
{tlist}

## Counts
- at least {m} tenant messages, spread over all your topics;
- at least {n} drafts in total, about equal per persona; each persona answers at least {m//2} different messages;
- at least 60 percent of each persona's drafts are `single`.
""")
print("ok")
