<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="sv_SE">
<context>
    <name></name>
    <message>
        <source>{amount} kr</source>
        <translation>SEK {amount}</translation>
    </message>
    <message>
        <source>{n} ärende</source>
        <translation>{n} case</translation>
    </message>
    <message>
        <source>{n} ärenden</source>
        <translation>{n} cases</translation>
    </message>
    <message>
        <source>{n} dag</source>
        <translation>{n} day</translation>
    </message>
    <message>
        <source>{n} dagar</source>
        <translation>{n} days</translation>
    </message>
    <message>
        <source>Tidsfristen har redan förlängts en gång.</source>
        <translation>The time limit has already been extended once.</translation>
    </message>
    <message>
        <source>Tidsfristen har inte börjat löpa.</source>
        <translation>The time limit has not started to run.</translation>
    </message>
    <message>
        <source>Tidsfristen har redan löpt ut och kan inte förlängas.</source>
        <translation>The time limit has already run out and cannot be extended.</translation>
    </message>
    <message>
        <source>Ärendet har ingen tidsfrist enligt plan- och bygglagen.</source>
        <translation>The case has no time limit under the Planning and Building Act.</translation>
    </message>
    <message>
        <source>Ärendet är avgjort.</source>
        <translation>The case has been decided.</translation>
    </message>
    <message>
        <source>Ingen tidsfrist enligt plan- och bygglagen</source>
        <translation>No time limit under the Planning and Building Act</translation>
    </message>
    <message>
        <source>Prövas enligt miljöbalken</source>
        <translation>Decided under the Environmental Code</translation>
    </message>
    <message>
        <source>Tidsfristen har inte börjat</source>
        <translation>The time limit has not started</translation>
    </message>
    <message>
        <source>Börjar när ansökan är komplett (komplettering begärd {date})</source>
        <translation>Starts when the application is complete (completion requested {date})</translation>
    </message>
    <message>
        <source>Beslutat {date}, {days} efter tidsfristen</source>
        <translation>Decided {date}, {days} after the time limit</translation>
    </message>
    <message>
        <source>Beslutat {date}, inom tidsfristen</source>
        <translation>Decided {date}, within the time limit</translation>
    </message>
    <message>
        <source>{days} försenat</source>
        <translation>{days} overdue</translation>
    </message>
    <message>
        <source>Sista dagen idag</source>
        <translation>Last day today</translation>
    </message>
    <message>
        <source>{days} kvar</source>
        <translation>{days} left</translation>
    </message>
    <message>
        <source>{date} (när sökanden lämnade in mer material)</source>
        <translation>{date} (when the applicant handed in more material)</translation>
    </message>
    <message>
        <source>{date} (när ansökan blev komplett)</source>
        <translation>{date} (when the application became complete)</translation>
    </message>
    <message>
        <source>{date} (när ansökan kom in)</source>
        <translation>{date} (when the application was received)</translation>
    </message>
    <message>
        <source>Avgiften sätts ned med {fifths}/{steps} ({amount})</source>
        <translation>The fee is reduced by {fifths}/{steps} ({amount})</translation>
    </message>
    <message>
        <source> – ingen avgift tas ut</source>
        <translation> – no fee is charged</translation>
    </message>
    <message>
        <source>Ingen</source>
        <translation>None</translation>
    </message>
    <message>
        <source>{n} vecka</source>
        <translation>{n} week</translation>
    </message>
    <message>
        <source>{n} veckor</source>
        <translation>{n} weeks</translation>
    </message>
    <message>
        <source>väntar på nätverk</source>
        <translation>waiting for the network</translation>
    </message>
    <message>
        <source>väntar – försöker igen</source>
        <translation>waiting – will try again</translation>
    </message>
    <message>
        <source>väntar på att skickas</source>
        <translation>waiting to be sent</translation>
    </message>
    <message>
        <source>skickas nu</source>
        <translation>being sent now</translation>
    </message>
    <message>
        <source>konflikt: någon annan har ändrat ärendet</source>
        <translation>conflict: someone else has changed the case</translation>
    </message>
    <message>
        <source>avvisad</source>
        <translation>rejected</translation>
    </message>
    <message>
        <source>skickad</source>
        <translation>sent</translation>
    </message>
    <message>
        <source>plattformen godtog inte ändringen.</source>
        <translation>the platform did not accept the change.</translation>
    </message>
    <message>
        <source>{what} på {number}</source>
        <translation>{what} on {number}</translation>
    </message>
    <message>
        <source>{head} – Avvisad: {reason}</source>
        <translation>{head} – Rejected: {reason}</translation>
    </message>
    <message>
        <source>{head} – {state}</source>
        <translation>{head} – {state}</translation>
    </message>
    <message>
        <source>Ja (status Väntar på komplettering)</source>
        <translation>Yes (status Awaiting completion)</translation>
    </message>
    <message>
        <source>Nej</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Ja</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source> (oförändrad)</source>
        <translation> (unchanged)</translation>
    </message>
    <message>
        <source>Teamet har inte kunnat hämtas än. Anslut till nätverket en gång och försök igen.</source>
        <translation>The team could not be fetched yet. Connect to the network once and try again.</translation>
    </message>
    <message>
        <source>Fördela om …</source>
        <translation>Reassign …</translation>
    </message>
    <message>
        <source>Det gick inte att flytta ärendena.</source>
        <translation>The cases could not be moved.</translation>
    </message>
    <message>
        <source>Ta ärendet</source>
        <translation>Take the case</translation>
    </message>
    <message>
        <source>Bli handläggare för det här ej tilldelade ärendet</source>
        <translation>Become the case officer of this unassigned case</translation>
    </message>
    <message>
        <source>Lämna tillbaka</source>
        <translation>Give back</translation>
    </message>
    <message>
        <source>Ärendet blir ej tilldelat igen</source>
        <translation>The case becomes unassigned again</translation>
    </message>
    <message>
        <source>Handläggare</source>
        <translation>Case officer</translation>
    </message>
    <message>
        <source>Öppna</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Inom 7 dagar</source>
        <translation>Within 7 days</translation>
    </message>
    <message>
        <source>Försenade</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Avgift i risk</source>
        <translation>Fee at risk</translation>
    </message>
    <message>
        <source>Per kommun</source>
        <translation>Per municipality</translation>
    </message>
    <message>
        <source>Frånvaro</source>
        <translation>Absence</translation>
    </message>
    <message>
        <source>Frånvarande t.o.m. {date}</source>
        <translation>Absent until {date}</translation>
    </message>
    <message>
        <source>Frånvarande</source>
        <translation>Absent</translation>
    </message>
    <message>
        <source>{n} öppna, {soon} inom 7 dagar, {late} försenade</source>
        <translation>{n} open, {soon} within 7 days, {late} overdue</translation>
    </message>
    <message>
        <source>Klicka för att se ärendena. Dra ärenden hit för att fördela om dem.</source>
        <translation>Click to see the cases. Drag cases here to reassign them.</translation>
    </message>
    <message>
        <source>Teamets arbetsbelastning</source>
        <translation>The team&apos;s workload</translation>
    </message>
    <message>
        <source>Kommun</source>
        <translation>Municipality</translation>
    </message>
    <message>
        <source>Ärendetyp</source>
        <translation>Case type</translation>
    </message>
    <message>
        <source>Balansera …</source>
        <translation>Balance …</translation>
    </message>
    <message>
        <source>Ett förslag som jämnar ut risk och belastning i teamet</source>
        <translation>A proposal that evens out risk and load across the team</translation>
    </message>
    <message>
        <source>Täck frånvaro …</source>
        <translation>Cover an absence …</translation>
    </message>
    <message>
        <source>Flytta en frånvarandes ärenden som snart förfaller</source>
        <translation>Move an absent member&apos;s cases that are due soon</translation>
    </message>
    <message>
        <source>Teamets medlemmar</source>
        <translation>Team members</translation>
    </message>
    <message>
        <source>Enter visar medlemmens ärenden; dra ärenden till en rad för att fördela om dem</source>
        <translation>Enter shows the member&apos;s cases; drag cases onto a row to reassign them</translation>
    </message>
    <message>
        <source>försenade</source>
        <translation>overdue</translation>
    </message>
    <message>
        <source>inom 7 dagar</source>
        <translation>within 7 days</translation>
    </message>
    <message>
        <source>övriga öppna</source>
        <translation>other open</translation>
    </message>
    <message>
        <source>Stapelns färger: försenade, inom 7 dagar, övriga öppna</source>
        <translation>The bar&apos;s colours: overdue, within 7 days, other open</translation>
    </message>
    <message>
        <source>Filtrera på kommun</source>
        <translation>Filter by municipality</translation>
    </message>
    <message>
        <source>Filtrera på ärendetyp</source>
        <translation>Filter by case type</translation>
    </message>
    <message>
        <source>Arbetsbelastningen kunde inte läsas.</source>
        <translation>The workload could not be read.</translation>
    </message>
    <message>
        <source>Läser …</source>
        <translation>Reading …</translation>
    </message>
    <message>
        <source>{n} öppna ärenden, {late} försenade, {fee} i risk</source>
        <translation>{n} open cases, {late} overdue, {fee} at risk</translation>
    </message>
    <message>
        <source>Beräknat från den lokala lagringen (plattformen svarar inte nu).</source>
        <translation>Computed from the local store (the platform does not answer now).</translation>
    </message>
    <message>
        <source>Filtrerat: jämförs inte med plattformens siffror.</source>
        <translation>Filtered: not compared with the platform&apos;s figures.</translation>
    </message>
    <message>
        <source>{n} skillnader mot plattformens siffror: synka (F5) för att hämta det senaste.</source>
        <translation>{n} differences from the platform&apos;s figures: sync (F5) to fetch the latest.</translation>
    </message>
    <message>
        <source>Stämmer med plattformens siffror.</source>
        <translation>Matches the platform&apos;s figures.</translation>
    </message>
    <message>
        <source>Ärenden hos {name}</source>
        <translation>Cases of {name}</translation>
    </message>
    <message>
        <source>Varför ärendena flyttas (syns i ärendenas historik)</source>
        <translation>Why the cases are moved (shown in the cases&apos; history)</translation>
    </message>
    <message>
        <source>Anledning</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Avbryt</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>frånvarande</source>
        <translation>absent</translation>
    </message>
    <message>
        <source>frist i dag</source>
        <translation>due today</translation>
    </message>
    <message>
        <source>{case} från {giver} ({giver_state}) till {taker} ({taker_state}): {why}</source>
        <translation>{case} from {giver} ({giver_state}) to {taker} ({taker_state}): {why}</translation>
    </message>
    <message>
        <source>{name} handlägger inga ärenden</source>
        <translation>{name} takes no cases</translation>
    </message>
    <message>
        <source>{name} handlägger inte ärenden i {place}</source>
        <translation>{name} does not handle cases in {place}</translation>
    </message>
    <message>
        <source>Fördela om ärenden</source>
        <translation>Reassign cases</translation>
    </message>
    <message>
        <source>Flytta {n} ärenden till en annan handläggare.</source>
        <translation>Move {n} cases to another case officer.</translation>
    </message>
    <message>
        <source>Flytta {number} till en annan handläggare.</source>
        <translation>Move {number} to another case officer.</translation>
    </message>
    <message>
        <source>Ny handläggare</source>
        <translation>New case officer</translation>
    </message>
    <message>
        <source>(frånvarande)</source>
        <translation>(absent)</translation>
    </message>
    <message>
        <source>Till</source>
        <translation>To</translation>
    </message>
    <message>
        <source>Fördela om</source>
        <translation>Reassign</translation>
    </message>
    <message>
        <source>{name} har redan ärendet</source>
        <translation>{name} already has the case</translation>
    </message>
    <message>
        <source>{number} flyttas inte: {why}</source>
        <translation>{number} is not moved: {why}</translation>
    </message>
    <message>
        <source>{name} är frånvarande.</source>
        <translation>{name} is absent.</translation>
    </message>
    <message>
        <source>Ingen i teamet kan ta ärenden.</source>
        <translation>Nobody on the team can take cases.</translation>
    </message>
    <message>
        <source>Täck frånvaro</source>
        <translation>Cover an absence</translation>
    </message>
    <message>
        <source>Vems ärenden</source>
        <translation>Whose cases</translation>
    </message>
    <message>
        <source>dagar</source>
        <translation>days</translation>
    </message>
    <message>
        <source>Som förfaller inom</source>
        <translation>Due within</translation>
    </message>
    <message>
        <source>Förhandsvisning av vad som flyttas</source>
        <translation>Preview of what moves</translation>
    </message>
    <message>
        <source>Flytta ärenden från</source>
        <translation>Move the cases of</translation>
    </message>
    <message>
        <source>som förfaller inom</source>
        <translation>due within</translation>
    </message>
    <message>
        <source>till</source>
        <translation>to</translation>
    </message>
    <message>
        <source>Flytta</source>
        <translation>Move</translation>
    </message>
    <message>
        <source>Täcker frånvaro för {name}</source>
        <translation>Covering the absence of {name}</translation>
    </message>
    <message>
        <source>Välj vems ärenden som ska flyttas och till vem.</source>
        <translation>Choose whose cases to move and to whom.</translation>
    </message>
    <message>
        <source>Flytta {absent}s ärenden som förfaller inom {n} dagar till {cover}: {moves} flyttas, {kept} blir kvar.</source>
        <translation>Move {absent}&apos;s cases due within {n} days to {cover}: {moves} move, {kept} stay.</translation>
    </message>
    <message>
        <source>{number} blir kvar: {why}</source>
        <translation>{number} stays: {why}</translation>
    </message>
    <message>
        <source>{name} är också frånvarande</source>
        <translation>{name} is absent too</translation>
    </message>
    <message>
        <source>{name} har inte plats för fler ärenden (taket)</source>
        <translation>{name} has no room for more cases (the cap)</translation>
    </message>
    <message>
        <source>Förslag till balansering</source>
        <translation>Balancing proposal</translation>
    </message>
    <message>
        <source>inget tak</source>
        <translation>no cap</translation>
    </message>
    <message>
        <source>Högst antal öppna ärenden per person</source>
        <translation>At most this many open cases per person</translation>
    </message>
    <message>
        <source>Föreslagna flyttar</source>
        <translation>Proposed moves</translation>
    </message>
    <message>
        <source>Flytt och varför</source>
        <translation>Move and why</translation>
    </message>
    <message>
        <source>Balansering av teamets arbetsbelastning</source>
        <translation>Balancing the team&apos;s workload</translation>
    </message>
    <message>
        <source>Högst öppna per person</source>
        <translation>Most open per person</translation>
    </message>
    <message>
        <source>Genomför markerade</source>
        <translation>Apply the ticked moves</translation>
    </message>
    <message>
        <source>{n} flyttar. Största risk {risk_before} → {risk_after} poäng, största antal öppna {load_before} → {load_after}. Risk: 2 poäng per försenat ärende, 1 per ärende som förfaller inom 7 dagar.</source>
        <translation>{n} moves. Largest risk {risk_before} → {risk_after} points, most open cases {load_before} → {load_after}. Risk: 2 points per overdue case, 1 per case due within 7 days.</translation>
    </message>
    <message>
        <source>Till, för {number}</source>
        <translation>To, for {number}</translation>
    </message>
    <message>
        <source>Flyttade ärenden</source>
        <translation>Moved cases</translation>
    </message>
    <message>
        <source>Ärenden och vad som hände</source>
        <translation>Cases and what happened</translation>
    </message>
    <message>
        <source>Öppna utkorgen</source>
        <translation>Open the outbox</translation>
    </message>
    <message>
        <source>Stäng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>flyttat till {name}</source>
        <translation>moved to {name}</translation>
    </message>
    <message>
        <source>ändrat av någon annan under tiden: lös konflikten i utkorgen</source>
        <translation>changed by someone else meanwhile: resolve the conflict in the outbox</translation>
    </message>
    <message>
        <source>inte flyttat: {why}</source>
        <translation>not moved: {why}</translation>
    </message>
    <message>
        <source>väntar i utkorgen på att skickas</source>
        <translation>waiting in the outbox to be sent</translation>
    </message>
    <message>
        <source>{done} flyttade, {waiting} väntar, {problem} behöver åtgärd.</source>
        <translation>{done} moved, {waiting} waiting, {problem} need attention.</translation>
    </message>
</context>
<context>
    <name>AppController</name>
    <message>
        <source>Caseworker kan inte spara din inloggning säkert på den här datorn. Välj ”Fortsätt utan att spara” för att ändå arbeta under den här sessionen.</source>
        <translation>Caseworker cannot store your sign-in securely on this computer. Choose “Continue without saving” to work in this session anyway.</translation>
    </message>
    <message>
        <source>Startar demoplattformen … (första gången skapas demodata, det tar några sekunder)</source>
        <translation>Starting the demo platform … (the first time, demo data is created; this takes a few seconds)</translation>
    </message>
    <message>
        <source>Demoplattformen kunde inte starta: {error}</source>
        <translation>The demo platform could not start: {error}</translation>
    </message>
    <message>
        <source>Avslutar … (sparar och stänger den lokala kopian)</source>
        <translation>Closing … (saving and closing the local copy)</translation>
    </message>
    <message>
        <source>Ingen säker nyckelring</source>
        <translation>No secure keystore</translation>
    </message>
    <message>
        <source>Den här datorn har ingen säker nyckelring där Caseworker kan spara sin krypteringsnyckel.</source>
        <translation>This computer has no secure keystore where Caseworker can keep its encryption key.</translation>
    </message>
    <message>
        <source>Du kan ändå arbeta nu: nyckeln finns då bara i minnet tills du stänger appen. Nästa gång loggar du in igen; den gamla lokala kopian läggs då åt sidan och ärendena hämtas på nytt. Ändringar som inte har skickats när du avslutar går förlorade – Caseworker varnar innan du avslutar och kan vänta tills de är skickade.</source>
        <translation>You can still work now: the key is then kept in memory only until you close the app. Next time you sign in again; the old local copy is then set aside and the cases are downloaded again. Changes not yet sent when you quit are lost – Caseworker warns you before you quit and can wait until they have been sent.</translation>
    </message>
    <message>
        <source>Fortsätt utan att spara</source>
        <translation>Continue without saving</translation>
    </message>
    <message>
        <source>Den lokala lagringen var skadad och har lagats. Ärendena hämtas på nytt från plattformen; utkorgen är kvar.</source>
        <translation>The local storage was damaged and has been repaired. The cases are being downloaded again from the platform; the outbox is kept.</translation>
    </message>
    <message>
        <source>Den lokala lagringen är skadad</source>
        <translation>The local storage is damaged</translation>
    </message>
    <message>
        <source>Den lokala kopian av ärendena går inte att lita på och behöver lagas.</source>
        <translation>The local copy of the cases cannot be trusted and needs to be repaired.</translation>
    </message>
    <message>
        <source>Caseworker lagar den genom att öppna den på nytt: ärendena hämtas igen från plattformen. Ändringar som väntar i utkorgen finns kvar och skickas som vanligt.</source>
        <translation>Caseworker repairs it by opening it again: the cases are downloaded again from the platform. Changes waiting in the outbox are kept and sent as usual.</translation>
    </message>
    <message>
        <source>&amp;Laga nu</source>
        <translation>&amp;Repair now</translation>
    </message>
    <message>
        <source>Vid &amp;nästa start</source>
        <translation>At the &amp;next start</translation>
    </message>
    <message>
        <source>Den lokala lagringen kunde inte öppnas igen. Logga in för att fortsätta.</source>
        <translation>The local storage could not be opened again. Sign in to continue.</translation>
    </message>
    <message>
        <source>Dina ändringar i utkorgen finns kvar och skickas när du har loggat in igen.</source>
        <translation>Your changes in the outbox are kept and will be sent once you have signed in again.</translation>
    </message>
</context>
<context>
    <name>AppealPanel</name>
    <message>
        <source>Beslutsdatum</source>
        <translation>Decision date</translation>
    </message>
    <message>
        <source>Parterna är inte hämtade än: datumen visas när ärendet har hämtats.</source>
        <translation>The parties have not been fetched yet: the dates are shown once the case has been fetched.</translation>
    </message>
    <message>
        <source>Överklagande, {name} ({role})</source>
        <translation>Appeal, {name} ({role})</translation>
    </message>
    <message>
        <source>inte delgiven än</source>
        <translation>not notified yet</translation>
    </message>
    <message>
        <source>till och med {end} (delgiven {day})</source>
        <translation>until {end} inclusive (notified {day})</translation>
    </message>
    <message>
        <source>Överklagande efter kungörelse i PoIT</source>
        <translation>Appeal after the PoIT notice</translation>
    </message>
    <message>
        <source>inte kungjort än</source>
        <translation>not published yet</translation>
    </message>
    <message>
        <source>till och med {end} (kungjort {day})</source>
        <translation>until {end} inclusive (published {day})</translation>
    </message>
    <message>
        <source>när alla underrättats och beslutet kungjorts</source>
        <translation>once everyone has been notified and the decision published</translation>
    </message>
    <message>
        <source>när beslutet kungjorts</source>
        <translation>once the decision has been published</translation>
    </message>
    <message>
        <source>när alla underrättats</source>
        <translation>once everyone has been notified</translation>
    </message>
    <message>
        <source>Laga kraft tidigast</source>
        <translation>Final at the earliest</translation>
    </message>
    <message>
        <source>Arbetet får påbörjas tidigast (och aldrig före startbesked)</source>
        <translation>Work may start at the earliest (and never before the start notice)</translation>
    </message>
    <message>
        <source>Arbetet ska ha påbörjats senast</source>
        <translation>Work must have started by</translation>
    </message>
    <message>
        <source>Arbetet ska vara avslutat senast</source>
        <translation>Work must be finished by</translation>
    </message>
    <message>
        <source>Laga kraft-dagen är okänd tills varje part har delgetts och beslutet kungjorts i PoIT. Registrera delgivning och kungörelse när de är gjorda.</source>
        <translation>The day the decision becomes final is unknown until every party has been notified and the decision published in PoIT. Record the notification and the publication once they are done.</translation>
    </message>
    <message>
        <source>Laga kraft-dagen är okänd tills beslutet har kungjorts i PoIT. Registrera kungörelsen när den är gjord.</source>
        <translation>The day the decision becomes final is unknown until it has been published in PoIT. Record the publication once it is done.</translation>
    </message>
    <message>
        <source>Laga kraft-dagen är okänd tills varje part har delgetts. Registrera delgivningen när den är gjord.</source>
        <translation>The day the decision becomes final is unknown until every party has been notified. Record the notification once it is done.</translation>
    </message>
    <message>
        <source>Överklagande och laga kraft</source>
        <translation>Appeal and finality</translation>
    </message>
</context>
<context>
    <name>ArchiveMenuEntry</name>
    <message>
        <source>E-&amp;arkiv …</source>
        <translation>E-&amp;archive …</translation>
    </message>
    <message>
        <source>Sök äldre ritningar i e-arkivet ({shortcut})</source>
        <translation>Search older drawings in the e-archive ({shortcut})</translation>
    </message>
</context>
<context>
    <name>ArchiveResultsModel</name>
    <message>
        <source>Ritning</source>
        <translation>Drawing</translation>
    </message>
    <message>
        <source>År</source>
        <translation>Year</translation>
    </message>
    <message>
        <source>Ritningstyp</source>
        <translation>Drawing type</translation>
    </message>
    <message>
        <source>Arkiverad under</source>
        <translation>Filed under</translation>
    </message>
    <message>
        <source>Träff på</source>
        <translation>Matched on</translation>
    </message>
    <message>
        <source>Diarienummer</source>
        <translation>Registration no.</translation>
    </message>
    <message>
        <source>Nuvarande beteckning: {designation}</source>
        <translation>Current designation: {designation}</translation>
    </message>
    <message>
        <source>{title}, {year}, arkiverad under {designation}</source>
        <translation>{title}, {year}, filed under {designation}</translation>
    </message>
</context>
<context>
    <name>ArchiveWindow</name>
    <message>
        <source>E-arkivet – Caseworker</source>
        <translation>E-archive – Caseworker</translation>
    </message>
    <message>
        <source>&amp;Fastighet</source>
        <translation>&amp;Property</translation>
    </message>
    <message>
        <source>Nuvarande eller tidigare beteckning</source>
        <translation>Current or former designation</translation>
    </message>
    <message>
        <source>Fastighetsbeteckning, nuvarande eller tidigare</source>
        <translation>Property designation, current or former</translation>
    </message>
    <message>
        <source>Ritnings&amp;typ</source>
        <translation>Drawing &amp;type</translation>
    </message>
    <message>
        <source>Alla ritningstyper</source>
        <translation>All drawing types</translation>
    </message>
    <message>
        <source>Å&amp;r</source>
        <translation>Yea&amp;r</translation>
    </message>
    <message>
        <source>till</source>
        <translation>to</translation>
    </message>
    <message>
        <source>Från år</source>
        <translation>From year</translation>
    </message>
    <message>
        <source>Till år</source>
        <translation>To year</translation>
    </message>
    <message>
        <source>alla</source>
        <translation>any</translation>
    </message>
    <message>
        <source>Fr&amp;itext</source>
        <translation>Free te&amp;xt</translation>
    </message>
    <message>
        <source>Jämför med ärendets ritnin&amp;g</source>
        <translation>Compare with the case&apos;s &amp;drawing</translation>
    </message>
    <message>
        <source>Rubrik, diarienummer eller beteckning</source>
        <translation>Title, registration number or designation</translation>
    </message>
    <message>
        <source>Fritext</source>
        <translation>Free text</translation>
    </message>
    <message>
        <source>&amp;Sök</source>
        <translation>&amp;Search</translation>
    </message>
    <message>
        <source>&amp;Öppna</source>
        <translation>&amp;Open</translation>
    </message>
    <message>
        <source>&amp;Jämför två …</source>
        <translation>&amp;Compare two …</translation>
    </message>
    <message>
        <source>Markera två ritningar för att visa dem sida vid sida</source>
        <translation>Select two drawings to show them side by side</translation>
    </message>
    <message>
        <source>Den markerade arkivritningen mot en ritning i ärendet som arkivet öppnades från</source>
        <translation>The selected archived drawing against a drawing of the case the archive was opened from</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Träffar i e-arkivet</source>
        <translation>E-archive results</translation>
    </message>
    <message>
        <source>Stäng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Söker …</source>
        <translation>Searching …</translation>
    </message>
    <message>
        <source>Sökningen misslyckades: {reason}</source>
        <translation>The search failed: {reason}</translation>
    </message>
    <message>
        <source>Sök på fastighetsbeteckning – även en tidigare – ritningstyp, år eller fritext.</source>
        <translation>Search by property designation – a former one too – drawing type, year or free text.</translation>
    </message>
    <message>
        <source>{drawings} ritningar i {records} poster</source>
        <translation>{drawings} drawings in {records} records</translation>
    </message>
    <message>
        <source>Ingen kontakt med plattformen, och inga arkivposter har hämtats till den här datorn än. Sök igen när du är ansluten.</source>
        <translation>No connection to the platform, and no archive records have been fetched to this computer yet. Search again when you are connected.</translation>
    </message>
    <message>
        <source>Ingen kontakt med plattformen: sökningen gäller de {stored} poster som hämtats tidigare på den här datorn. {found}.</source>
        <translation>No connection to the platform: the search covers the {stored} records fetched earlier on this computer. {found}.</translation>
    </message>
    <message>
        <source>{found} (de första). Förfina sökningen för att se fler.</source>
        <translation>{found} (the first ones). Narrow the search to see more.</translation>
    </message>
    <message>
        <source>{found}.</source>
        <translation>{found}.</translation>
    </message>
    <message>
        <source>%1, rev %2</source>
        <translation>%1, rev. %2</translation>
    </message>
</context>
<context>
    <name>CaseArchiveButton</name>
    <message>
        <source>Ar&amp;kiv</source>
        <translation>Ar&amp;chive</translation>
    </message>
    <message>
        <source>Äldre ritningar för fastigheten i e-arkivet</source>
        <translation>Older drawings of the property in the e-archive</translation>
    </message>
</context>
<context>
    <name>CaseLabels</name>
    <message>
        <source>Inkommen</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Väntar på komplettering</source>
        <translation>Awaiting completion</translation>
    </message>
    <message>
        <source>Komplett</source>
        <translation>Complete</translation>
    </message>
    <message>
        <source>Under handläggning</source>
        <translation>Under review</translation>
    </message>
    <message>
        <source>På remiss</source>
        <translation>Out for consultation</translation>
    </message>
    <message>
        <source>Beslutad</source>
        <translation>Decided</translation>
    </message>
    <message>
        <source>Avslutad</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>Bygglov, nybyggnad enbostadshus</source>
        <translation>Building permit, new single-family house</translation>
    </message>
    <message>
        <source>Bygglov, nybyggnad flerbostadshus</source>
        <translation>Building permit, new apartment building</translation>
    </message>
    <message>
        <source>Bygglov, nybyggnad industri</source>
        <translation>Building permit, new industrial building</translation>
    </message>
    <message>
        <source>Bygglov, tillbyggnad</source>
        <translation>Building permit, extension</translation>
    </message>
    <message>
        <source>Bygglov, fasadändring</source>
        <translation>Building permit, facade change</translation>
    </message>
    <message>
        <source>Rivningslov</source>
        <translation>Demolition permit</translation>
    </message>
    <message>
        <source>Marklov</source>
        <translation>Site permit</translation>
    </message>
    <message>
        <source>Förhandsbesked</source>
        <translation>Preliminary decision</translation>
    </message>
    <message>
        <source>Strandskyddsdispens</source>
        <translation>Shoreline protection exemption</translation>
    </message>
    <message>
        <source>Anmälan, attefallsåtgärd</source>
        <translation>Notification, minor building work</translation>
    </message>
    <message>
        <source>Ärendet inkom</source>
        <translation>Case received</translation>
    </message>
    <message>
        <source>Statusändring</source>
        <translation>Status change</translation>
    </message>
    <message>
        <source>Tilldelning</source>
        <translation>Assignment</translation>
    </message>
    <message>
        <source>Intern anteckning</source>
        <translation>Internal note</translation>
    </message>
    <message>
        <source>Meddelande till sökande</source>
        <translation>Message to the applicant</translation>
    </message>
    <message>
        <source>Handling tillagd</source>
        <translation>Document added</translation>
    </message>
    <message>
        <source>Tidsfristen förlängd</source>
        <translation>Time limit extended</translation>
    </message>
    <message>
        <source>Beslut</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>Beslutet delgivet eller kungjort</source>
        <translation>Decision notified or published</translation>
    </message>
    <message>
        <source>Sökande</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Sakägare</source>
        <translation>Affected party</translation>
    </message>
    <message>
        <source>Granne</source>
        <translation>Neighbour</translation>
    </message>
    <message>
        <source>Ansökan</source>
        <translation>Application</translation>
    </message>
    <message>
        <source>Ritning</source>
        <translation>Drawing</translation>
    </message>
    <message>
        <source>Bilaga</source>
        <translation>Attachment</translation>
    </message>
    <message>
        <source>Arkivhandling</source>
        <translation>Archive document</translation>
    </message>
    <message>
        <source>Nybyggnadskarta</source>
        <translation>New construction map</translation>
    </message>
    <message>
        <source>Situationsplan</source>
        <translation>Site plan</translation>
    </message>
    <message>
        <source>Arkitektritning</source>
        <translation>Architectural drawing</translation>
    </message>
    <message>
        <source>Konstruktionsritning</source>
        <translation>Structural drawing</translation>
    </message>
    <message>
        <source>Ventilationsritning</source>
        <translation>Ventilation drawing</translation>
    </message>
    <message>
        <source>Vatten och avlopp</source>
        <translation>Water and sewage</translation>
    </message>
    <message>
        <source>VVS-ritning</source>
        <translation>VVS drawing (plumbing and HVAC)</translation>
    </message>
    <message>
        <source>Elritning</source>
        <translation>Electrical drawing</translation>
    </message>
    <message>
        <source>Skyltritning</source>
        <translation>Sign drawing</translation>
    </message>
    <message>
        <source>nuvarande beteckning</source>
        <translation>current designation</translation>
    </message>
    <message>
        <source>tidigare beteckning</source>
        <translation>former designation</translation>
    </message>
</context>
<context>
    <name>CaseView</name>
    <message>
        <source>Ärende</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>★ Bokmärkt</source>
        <translation>★ Bookmarked</translation>
    </message>
    <message>
        <source>Stäng ärendet</source>
        <translation>Close the case</translation>
    </message>
    <message>
        <source>&amp;Begär komplettering …</source>
        <translation>&amp;Request completion …</translation>
    </message>
    <message>
        <source>Markera &amp;komplett</source>
        <translation>Mark &amp;complete</translation>
    </message>
    <message>
        <source>Påbörja &amp;granskning</source>
        <translation>&amp;Begin review</translation>
    </message>
    <message>
        <source>Skicka på &amp;remiss</source>
        <translation>Send for consultatio&amp;n</translation>
    </message>
    <message>
        <source>Förläng &amp;tidsfrist …</source>
        <translation>Extend &amp;time limit …</translation>
    </message>
    <message>
        <source>Bokm&amp;ärk</source>
        <translation>Book&amp;mark</translation>
    </message>
    <message>
        <source>Gör tillgänglig &amp;offline</source>
        <translation>Make available &amp;offline</translation>
    </message>
    <message>
        <source>Skriv besl&amp;ut …</source>
        <translation>&amp;Write decision …</translation>
    </message>
    <message>
        <source>Skriv beslut i ärendet (Ctrl+Shift+B)</source>
        <translation>Write the decision on the case (Ctrl+Shift+B)</translation>
    </message>
    <message>
        <source>Överklagande och laga kraft</source>
        <translation>Appeal and finality</translation>
    </message>
    <message>
        <source>Tidsfrist</source>
        <translation>Time limit</translation>
    </message>
    <message>
        <source>Ärendet</source>
        <translation>The case</translation>
    </message>
    <message>
        <source>Fastighet</source>
        <translation>Property</translation>
    </message>
    <message>
        <source>Parter</source>
        <translation>Parties</translation>
    </message>
    <message>
        <source>Hän&amp;delser</source>
        <translation>Histor&amp;y</translation>
    </message>
    <message>
        <source>Händelser</source>
        <translation>History</translation>
    </message>
    <message>
        <source>Kommunens logotyp</source>
        <translation>The municipality&apos;s logo</translation>
    </message>
    <message>
        <source>Inga parter registrerade.</source>
        <translation>No parties registered.</translation>
    </message>
    <message>
        <source>Ny intern anteckning</source>
        <translation>New internal note</translation>
    </message>
    <message>
        <source>Intern anteckning (syns inte för sökanden) – Ctrl+Enter lägger till</source>
        <translation>Internal note (not visible to the applicant) – Ctrl+Enter adds it</translation>
    </message>
    <message>
        <source>&amp;Lägg till anteckning</source>
        <translation>&amp;Add note</translation>
    </message>
    <message>
        <source>Lägg till anteckningen (Ctrl+Enter)</source>
        <translation>Add the note (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Stäng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Tillbaka till listan (Esc eller Alt+Vänster)</source>
        <translation>Back to the list (Esc or Alt+Left)</translation>
    </message>
    <message>
        <source>Handlingar</source>
        <translation>Documents</translation>
    </message>
    <message>
        <source>Ante&amp;ckning:</source>
        <translation>Not&amp;e:</translation>
    </message>
    <message>
        <source>Ämne för meddelande till sökanden</source>
        <translation>Subject of the message to the applicant</translation>
    </message>
    <message>
        <source>Meddelande till sökanden</source>
        <translation>Message to the applicant</translation>
    </message>
    <message>
        <source>Skicka &amp;meddelande</source>
        <translation>Send messa&amp;ge</translation>
    </message>
    <message>
        <source>Ämn&amp;e:</source>
        <translation>Sub&amp;ject:</translation>
    </message>
    <message>
        <source>Te&amp;xt:</source>
        <translation>Te&amp;xt:</translation>
    </message>
    <message>
        <source>Intern anteckning</source>
        <translation>Internal note</translation>
    </message>
    <message>
        <source>Ärendet kunde inte visas: {reason}</source>
        <translation>The case could not be shown: {reason}</translation>
    </message>
    <message>
        <source>okänt fel.</source>
        <translation>unknown error.</translation>
    </message>
    <message>
        <source>Ärendet finns inte sparat på datorn</source>
        <translation>The case is not saved on this computer</translation>
    </message>
    <message>
        <source>Anslut till nätverket för att hämta det.</source>
        <translation>Connect to the network to fetch it.</translation>
    </message>
    <message>
        <source>Ärende {number}</source>
        <translation>Case {number}</translation>
    </message>
    <message>
        <source>Ej tilldelat</source>
        <translation>Unassigned</translation>
    </message>
    <message>
        <source>{type} · Inkom {received} · Handläggare: {assignee} · Avgift enligt taxa: {fee}</source>
        <translation>{type} · Received {received} · Case officer: {assignee} · Fee according to the schedule: {fee}</translation>
    </message>
    <message>
        <source>Ta bort bokm&amp;ärke</source>
        <translation>Remove book&amp;mark</translation>
    </message>
    <message>
        <source>Tidigare beteckning: {names}</source>
        <translation>Former designation: {names}</translation>
    </message>
    <message>
        <source>Areal: {area} m²</source>
        <translation>Area: {area} m²</translation>
    </message>
    <message>
        <source>Detaljerna är inte hämtade än.</source>
        <translation>The details have not been fetched yet.</translation>
    </message>
    <message>
        <source>Väntar på att skickas</source>
        <translation>Waiting to be sent</translation>
    </message>
    <message>
        <source>{n} ändringar väntar på att skickas</source>
        <translation>{n} changes waiting to be sent</translation>
    </message>
    <message>
        <source>Konflikt – lös i utkorgen</source>
        <translation>Conflict – resolve in the outbox</translation>
    </message>
    <message>
        <source>Avvisad ändring – se utkorgen</source>
        <translation>Rejected change – see the outbox</translation>
    </message>
    <message>
        <source>%1 (%2 ändringar)</source>
        <translation>%1 (%2 changes)</translation>
    </message>
    <message>
        <source>Komplettering kan inte begäras nu.</source>
        <translation>Completion cannot be requested now.</translation>
    </message>
    <message>
        <source>Ärendet är redan beslutat.</source>
        <translation>The case is already decided.</translation>
    </message>
    <message>
        <source>En förlängning väntar redan på att skickas.</source>
        <translation>An extension is already waiting to be sent.</translation>
    </message>
    <message>
        <source>Förlängning inte möjlig: {reason}</source>
        <translation>Extension not possible: {reason}</translation>
    </message>
    <message>
        <source>Visar sparade uppgifter. {error}</source>
        <translation>Showing saved details. {error}</translation>
    </message>
    <message>
        <source>Ändringen sparades inte: {reason}</source>
        <translation>The change was not saved: {reason}</translation>
    </message>
</context>
<context>
    <name>ChangeClouds</name>
    <message>
        <source>&amp;Molnmarkera ändringar …</source>
        <translation>&amp;Mark changes with clouds …</translation>
    </message>
    <message>
        <source>Ett moln runt varje ändrat område, som markeringar på {title} ({shortcut})</source>
        <translation>A cloud around each changed region, as markups on {title} ({shortcut})</translation>
    </message>
    <message>
        <source>Ändrat sedan {title}</source>
        <translation>Changed since {title}</translation>
    </message>
    <message>
        <source>Molnmarkera ändringar</source>
        <translation>Mark changes with clouds</translation>
    </message>
    <message>
        <source>Skapa {count} moln runt ändringarna?</source>
        <translation>Create {count} clouds around the changes?</translation>
    </message>
    <message>
        <source>Molnen blir markeringar på {title} och syns under Markeringar (Ctrl+M) när ritningen är öppen. Där kan de tas bort som andra markeringar.</source>
        <translation>The clouds become markups on {title} and show under Markups (Ctrl+M) when the drawing is open. They can be removed there like any other markup.</translation>
    </message>
    <message>
        <source>&amp;Skapa moln</source>
        <translation>C&amp;reate clouds</translation>
    </message>
    <message>
        <source>&amp;Avbryt</source>
        <translation>&amp;Cancel</translation>
    </message>
    <message>
        <source>Molnen kunde inte skapas: {reason}</source>
        <translation>The clouds could not be created: {reason}</translation>
    </message>
    <message>
        <source>{count} moln skapade på {title}. De syns under Markeringar (Ctrl+M) i ritningen, där de kan tas bort som andra markeringar.</source>
        <translation>{count} clouds created on {title}. They show under Markups (Ctrl+M) in the drawing, where they can be removed like any other markup.</translation>
    </message>
    <message>
        <source>Det finns redan moln runt alla ändringarna ({count} st).</source>
        <translation>There are already clouds around all the changes ({count}).</translation>
    </message>
</context>
<context>
    <name>ClockPanel</name>
    <message>
        <source>Tidsfrist</source>
        <translation>Time limit</translation>
    </message>
    <message>
        <source>Startdatum:</source>
        <translation>Start date:</translation>
    </message>
    <message>
        <source>Beslut senast:</source>
        <translation>Decision due by:</translation>
    </message>
    <message>
        <source>Förlängning:</source>
        <translation>Extension:</translation>
    </message>
    <message>
        <source>beslut senast {date}</source>
        <translation>decision due by {date}</translation>
    </message>
</context>
<context>
    <name>CompareWindow</name>
    <message>
        <source>Jämför {old} och {new} – Ritningsvisaren</source>
        <translation>Compare {old} and {new} – Drawing viewer</translation>
    </message>
    <message>
        <source>Sida vid sida</source>
        <translation>Side by side</translation>
    </message>
    <message>
        <source>Överlägg</source>
        <translation>Overlay</translation>
    </message>
    <message>
        <source>Äldre: {title}</source>
        <translation>Older: {title}</translation>
    </message>
    <message>
        <source>Nyare: {title}</source>
        <translation>Newer: {title}</translation>
    </message>
    <message>
        <source>Äldre ritning</source>
        <translation>Older drawing</translation>
    </message>
    <message>
        <source>Nyare ritning</source>
        <translation>Newer drawing</translation>
    </message>
    <message>
        <source>&amp;Lås zoom och panorering</source>
        <translation>&amp;Link zoom and pan</translation>
    </message>
    <message>
        <source>Justera med &amp;två punkter …</source>
        <translation>Align by &amp;two points …</translation>
    </message>
    <message>
        <source>För skannade ritningar som ligger snett: klicka två punkter i vardera ritningen</source>
        <translation>For scanned drawings that lie askew: click two points in each drawing</translation>
    </message>
    <message>
        <source>A&amp;utomatisk justering</source>
        <translation>A&amp;utomatic alignment</translation>
    </message>
    <message>
        <source>bara i den äldre</source>
        <translation>only in the older</translation>
    </message>
    <message>
        <source>bara i den nyare</source>
        <translation>only in the newer</translation>
    </message>
    <message>
        <source>oförändrat</source>
        <translation>unchanged</translation>
    </message>
    <message>
        <source>Ändrade &amp;områden</source>
        <translation>Changed &amp;regions</translation>
    </message>
    <message>
        <source>Ändrade områden</source>
        <translation>Changed regions</translation>
    </message>
    <message>
        <source>Överlägg av ritningarna</source>
        <translation>Overlay of the drawings</translation>
    </message>
    <message>
        <source>Jämförelsens förlopp</source>
        <translation>Progress of the comparison</translation>
    </message>
    <message>
        <source>Stäng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Ritningarna kunde inte jämföras: {reason}</source>
        <translation>The drawings could not be compared: {reason}</translation>
    </message>
    <message>
        <source>Jämför ritningarna …</source>
        <translation>Comparing the drawings …</translation>
    </message>
    <message>
        <source>Överlägget visas när båda ritningarna är öppna.</source>
        <translation>The overlay shows once both drawings are open.</translation>
    </message>
    <message>
        <source>Inga skillnader hittades.</source>
        <translation>No differences were found.</translation>
    </message>
    <message>
        <source>Justerade med två punkter.</source>
        <translation>Aligned by two points.</translation>
    </message>
    <message>
        <source>Ritningarna låg redan rätt.</source>
        <translation>The drawings were already aligned.</translation>
    </message>
    <message>
        <source>Automatiskt justerade: den äldre flyttad {dx} bildpunkter i sidled och {dy} i höjdled.</source>
        <translation>Aligned automatically: the older one moved {dx} pixels sideways and {dy} vertically.</translation>
    </message>
    <message>
        <source>Ändrade områden: {count}. {how}</source>
        <translation>Changed regions: {count}. {how}</translation>
    </message>
    <message>
        <source>tillagt</source>
        <translation>added</translation>
    </message>
    <message>
        <source>borttaget</source>
        <translation>removed</translation>
    </message>
    <message>
        <source>ändrat</source>
        <translation>changed</translation>
    </message>
    <message>
        <source>{number}. {kind}, {w} × {h} mm</source>
        <translation>{number}. {kind}, {w} × {h} mm</translation>
    </message>
    <message>
        <source>Punkterna låg för nära varandra. Försök igen.</source>
        <translation>The points were too close together. Try again.</translation>
    </message>
    <message>
        <source>Klicka på en första punkt i den äldre ritningen.</source>
        <translation>Click a first point in the older drawing.</translation>
    </message>
    <message>
        <source>Klicka på samma punkt i den nyare ritningen.</source>
        <translation>Click the same point in the newer drawing.</translation>
    </message>
    <message>
        <source>Klicka på en andra punkt, långt från den första, i den äldre ritningen.</source>
        <translation>Click a second point, far from the first, in the older drawing.</translation>
    </message>
    <message>
        <source>Klicka på samma andra punkt i den nyare ritningen.</source>
        <translation>Click the same second point in the newer drawing.</translation>
    </message>
</context>
<context>
    <name>CompletionRequestDialog</name>
    <message>
        <source>Svaret begärs senast {reply}, men tidsfristen för beslut går ut {deadline} och stannar inte för den här begäran (den kommer mer än tre veckor efter ansökan).</source>
        <translation>The reply is asked for by {reply}, but the time limit for the decision ends on {deadline} and does not stop for this request (it comes more than three weeks after the application).</translation>
    </message>
    <message>
        <source>Förläng tidsfristen först, eller begär svar före {deadline}.</source>
        <translation>Extend the time limit first, or ask for a reply before {deadline}.</translation>
    </message>
    <message>
        <source>Tidsfristen kan inte förlängas ({reason}); efter den sätts avgiften ned med en femtedel per påbörjad vecka.</source>
        <translation>The time limit cannot be extended ({reason}); after it the fee is reduced by one fifth per started week.</translation>
    </message>
    <message>
        <source>&amp;Förläng tidsfristen först …</source>
        <translation>&amp;Extend the time limit first …</translation>
    </message>
    <message>
        <source>Begär komplettering – {number}</source>
        <translation>Request completion – {number}</translation>
    </message>
    <message>
        <source>&amp;Skicka begäran</source>
        <translation>&amp;Send request</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Handläggare (id)</source>
        <translation>Case officer (id)</translation>
    </message>
    <message>
        <source>Handläggare</source>
        <translation>Case officer</translation>
    </message>
    <message>
        <source>Ärendemening</source>
        <translation>Case title</translation>
    </message>
    <message>
        <source>Beskrivning</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>Avgift</source>
        <translation>Fee</translation>
    </message>
    <message>
        <source>Fastighet</source>
        <translation>Property</translation>
    </message>
    <message>
        <source>Sökande</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Inkom</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Komplettering begärd</source>
        <translation>Completion requested</translation>
    </message>
    <message>
        <source>Komplett den</source>
        <translation>Completed on</translation>
    </message>
    <message>
        <source>Förlängning (veckor)</source>
        <translation>Extension (weeks)</translation>
    </message>
    <message>
        <source>Skäl för förlängning</source>
        <translation>Reason for the extension</translation>
    </message>
    <message>
        <source>Beslutad</source>
        <translation>Decided</translation>
    </message>
    <message>
        <source>Begär komplettering</source>
        <translation>Request completion</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Åtgärdad</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <source>Färg</source>
        <translation>Colour</translation>
    </message>
    <message>
        <source>Placering</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>Sida</source>
        <translation>Page</translation>
    </message>
    <message>
        <source>Typ</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Värde</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Delgivning (part och dag)</source>
        <translation>Notification (party and day)</translation>
    </message>
    <message>
        <source>Kungjort i PoIT</source>
        <translation>Published in PoIT</translation>
    </message>
    <message>
        <source>Konflikt på {number}</source>
        <translation>Conflict on {number}</translation>
    </message>
    <message>
        <source>{what} på {number}</source>
        <translation>{what} on {number}</translation>
    </message>
    <message>
        <source>Konflikt</source>
        <translation>Conflict</translation>
    </message>
    <message>
        <source>&lt;b&gt;{head}&lt;/b&gt; kunde inte skickas: någon annan har ändrat samma sak efter att du gjorde din ändring. Jämför versionerna och välj vad som ska gälla. Ingenting skrivs över förrän du har valt.</source>
        <translation>&lt;b&gt;{head}&lt;/b&gt; could not be sent: someone else changed the same thing after you made your change. Compare the versions and choose which one applies. Nothing is overwritten until you have chosen.</translation>
    </message>
    <message>
        <source>Behåll &amp;min</source>
        <translation>Keep &amp;mine</translation>
    </message>
    <message>
        <source>Skicka din ändring ovanpå deras version</source>
        <translation>Send your change on top of their version</translation>
    </message>
    <message>
        <source>Ta &amp;deras</source>
        <translation>Take &amp;theirs</translation>
    </message>
    <message>
        <source>Släpp din ändring; plattformens version gäller</source>
        <translation>Drop your change; the platform&apos;s version applies</translation>
    </message>
    <message>
        <source>&amp;Redigera</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <source>Ändra din version och skicka den</source>
        <translation>Change your version and send it</translation>
    </message>
    <message>
        <source>&amp;Skicka redigerad</source>
        <translation>&amp;Send edited</translation>
    </message>
    <message>
        <source>Avbryt</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Bestäm senare; ändringen ligger kvar i utkorgen</source>
        <translation>Decide later; the change stays in the outbox</translation>
    </message>
    <message>
        <source>Min – redigera här</source>
        <translation>Mine – edit here</translation>
    </message>
    <message>
        <source>Det finns inget att redigera i den här ändringen</source>
        <translation>There is nothing to edit in this change</translation>
    </message>
    <message>
        <source>Jämförelse av versionerna</source>
        <translation>Comparison of the versions</translation>
    </message>
    <message>
        <source>Fält</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Grund (när du ändrade)</source>
        <translation>Base (when you changed it)</translation>
    </message>
    <message>
        <source>Deras (nu)</source>
        <translation>Theirs (now)</translation>
    </message>
    <message>
        <source>Min</source>
        <translation>Mine</translation>
    </message>
    <message>
        <source>Din version skiljer sig från deras</source>
        <translation>Your version differs from theirs</translation>
    </message>
    <message>
        <source>Min status</source>
        <translation>My status</translation>
    </message>
    <message>
        <source>Mina veckor</source>
        <translation>My weeks</translation>
    </message>
    <message>
        <source>Mitt skäl</source>
        <translation>My reason</translation>
    </message>
    <message>
        <source>Inga fält skiljer sig åt; deras version är ändå nyare.</source>
        <translation>No fields differ; their version is newer all the same.</translation>
    </message>
    <message>
        <source>Min version</source>
        <translation>My version</translation>
    </message>
    <message>
        <source>S&amp;tatus:</source>
        <translation>Stat&amp;us:</translation>
    </message>
    <message>
        <source>&amp;Veckor:</source>
        <translation>&amp;Weeks:</translation>
    </message>
    <message>
        <source>S&amp;käl:</source>
        <translation>&amp;Reason:</translation>
    </message>
    <message>
        <source>Grund (när du skrev)</source>
        <translation>Base (when you wrote it)</translation>
    </message>
    <message>
        <source>Konflikten kunde inte lösas. Försök igen.</source>
        <translation>The conflict could not be resolved. Try again.</translation>
    </message>
</context>
<context>
    <name>DecisionChecklist</name>
    <message>
        <source>Brevhuvud med kommun och diarienummer</source>
        <translation>Letterhead with municipality and registration number</translation>
    </message>
    <message>
        <source>Fastighet, ansökan och sökande</source>
        <translation>Property, application and applicant</translation>
    </message>
    <message>
        <source>Beslut med lagrum</source>
        <translation>Decision with its legal ground</translation>
    </message>
    <message>
        <source>Villkor</source>
        <translation>Conditions</translation>
    </message>
    <message>
        <source>Skäl för beslutet</source>
        <translation>Reasons for the decision</translation>
    </message>
    <message>
        <source>Upplysningar</source>
        <translation>Advisory notes</translation>
    </message>
    <message>
        <source>Avgift enligt taxa</source>
        <translation>Fee per the fee schedule</translation>
    </message>
    <message>
        <source>Beslutsfattare och delegation</source>
        <translation>Decision maker and delegation</translation>
    </message>
    <message>
        <source>Hur man överklagar</source>
        <translation>How to appeal</translation>
    </message>
    <message>
        <source>Beslutet skickas till</source>
        <translation>Distribution</translation>
    </message>
    <message>
        <source>kommunens uppgifter saknas</source>
        <translation>the municipality&apos;s details are missing</translation>
    </message>
    <message>
        <source>ärendets uppgifter är inte hämtade</source>
        <translation>the case&apos;s details have not been fetched</translation>
    </message>
    <message>
        <source>ange lagrum</source>
        <translation>enter the legal ground</translation>
    </message>
    <message>
        <source>lägg till minst ett villkor</source>
        <translation>add at least one condition</translation>
    </message>
    <message>
        <source>skriv skälen för beslutet</source>
        <translation>write the reasons for the decision</translation>
    </message>
    <message>
        <source>lägg till upplysningarna</source>
        <translation>add the advisory notes</translation>
    </message>
    <message>
        <source>ange grunden i taxan</source>
        <translation>enter the basis in the fee schedule</translation>
    </message>
    <message>
        <source>ange vem som beslutar och delegationspunkt eller sammanträde</source>
        <translation>enter who decides and the delegation point or meeting</translation>
    </message>
    <message>
        <source>mallen saknar överklagandehänvisning</source>
        <translation>the template lacks appeal instructions</translation>
    </message>
    <message>
        <source>mottagare saknas</source>
        <translation>no recipients</translation>
    </message>
    <message>
        <source>✗ {part}: {hint}</source>
        <translation>✗ {part}: {hint}</translation>
    </message>
    <message>
        <source>✓ {part}</source>
        <translation>✓ {part}</translation>
    </message>
</context>
<context>
    <name>DecisionEditor</name>
    <message>
        <source>Beviljas</source>
        <translation>Granted</translation>
    </message>
    <message>
        <source>Avslås</source>
        <translation>Refused</translation>
    </message>
    <message>
        <source>Avvisas</source>
        <translation>Dismissed</translation>
    </message>
    <message>
        <source>Avskrivs</source>
        <translation>Written off</translation>
    </message>
    <message>
        <source>Beslut</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>Skriv beslut</source>
        <translation>Write decision</translation>
    </message>
    <message>
        <source>&amp;Utfall:</source>
        <translation>&amp;Outcome:</translation>
    </message>
    <message>
        <source>Besluts&amp;datum:</source>
        <translation>&amp;Date of decision:</translation>
    </message>
    <message>
        <source>&amp;Lagrum:</source>
        <translation>&amp;Legal ground:</translation>
    </message>
    <message>
        <source>K&amp;ontrollansvarig:</source>
        <translation>Control o&amp;fficer:</translation>
    </message>
    <message>
        <source>&amp;Villkor:</source>
        <translation>&amp;Conditions:</translation>
    </message>
    <message>
        <source>S&amp;käl för beslutet:</source>
        <translation>&amp;Reasons:</translation>
    </message>
    <message>
        <source>&amp;Grannar som hörts:</source>
        <translation>&amp;Neighbours heard:</translation>
    </message>
    <message>
        <source>U&amp;pplysningar:</source>
        <translation>Advisory no&amp;tes:</translation>
    </message>
    <message>
        <source>&amp;Taxa:</source>
        <translation>Fee sc&amp;hedule:</translation>
    </message>
    <message>
        <source>D&amp;elegation:</source>
        <translation>D&amp;elegation:</translation>
    </message>
    <message>
        <source>Samm&amp;anträde:</source>
        <translation>&amp;Meeting:</translation>
    </message>
    <message>
        <source>&amp;Beslutat av:</source>
        <translation>Decided &amp;by:</translation>
    </message>
    <message>
        <source>Titel (beslutsfatta&amp;re):</source>
        <translation>Title (decision maker):</translation>
    </message>
    <message>
        <source>&amp;Föredragande:</source>
        <translation>Presented b&amp;y:</translation>
    </message>
    <message>
        <source>Titel (föredraga&amp;nde):</source>
        <translation>Title (presenter):</translation>
    </message>
    <message>
        <source>t.ex. 9 kap. 31 § plan- och bygglagen (2010:900)</source>
        <translation>e.g. 9 kap. 31 § plan- och bygglagen (2010:900)</translation>
    </message>
    <message>
        <source>Namn och behörighet, om åtgärden behöver en</source>
        <translation>Name and certification, if the work needs one</translation>
    </message>
    <message>
        <source>De regler som tillämpats och de omständigheter som avgjort saken. Tom rad = nytt stycke.</source>
        <translation>The rules applied and the circumstances that decided the matter. Blank line = new paragraph.</translation>
    </message>
    <message>
        <source>Vilka som hörts och vad de sagt. Tom rad = nytt stycke.</source>
        <translation>Who was heard and what they said. Blank line = new paragraph.</translation>
    </message>
    <message>
        <source>t.ex. delegationsordningen, punkt 3.4</source>
        <translation>e.g. delegation rules, point 3.4</translation>
    </message>
    <message>
        <source>Om nämnden beslutar: t.ex. 2026-03-12, § 45</source>
        <translation>If the committee decides: e.g. 2026-03-12, § 45</translation>
    </message>
    <message>
        <source>Villkor</source>
        <translation>Conditions</translation>
    </message>
    <message>
        <source>Skäl</source>
        <translation>Reasons</translation>
    </message>
    <message>
        <source>Upplysningar</source>
        <translation>Advisory notes</translation>
    </message>
    <message>
        <source>Avgift</source>
        <translation>Fee</translation>
    </message>
    <message>
        <source>Beslutsfattare</source>
        <translation>Decision maker</translation>
    </message>
    <message>
        <source>&amp;Checklista – det här måste beslutet innehålla:</source>
        <translation>Chec&amp;klist – what the decision must contain:</translation>
    </message>
    <message>
        <source>Checklista för beslutet</source>
        <translation>Checklist for the decision</translation>
    </message>
    <message>
        <source>För&amp;handsvisning</source>
        <translation>Pre&amp;view</translation>
    </message>
    <message>
        <source>Förhandsvisning av beslutet</source>
        <translation>Preview of the decision</translation>
    </message>
    <message>
        <source>Spara so&amp;m PDF …</source>
        <translation>Save &amp;as PDF …</translation>
    </message>
    <message>
        <source>Skr&amp;iv ut …</source>
        <translation>&amp;Print …</translation>
    </message>
    <message>
        <source>&amp;Skicka beslutet</source>
        <translation>&amp;Send the decision</translation>
    </message>
    <message>
        <source>St&amp;äng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Skriv ut beslutet (Ctrl+P)</source>
        <translation>Print the decision (Ctrl+P)</translation>
    </message>
    <message>
        <source>Ärendets uppgifter är inte hämtade. Öppna ärendet när du är ansluten.</source>
        <translation>The case&apos;s details have not been fetched. Open the case while connected.</translation>
    </message>
    <message>
        <source>Ärendet är redan beslutat eller avslutat.</source>
        <translation>The case is already decided or closed.</translation>
    </message>
    <message>
        <source>Kommunens uppgifter finns inte på datorn.</source>
        <translation>The municipality&apos;s details are not on this computer.</translation>
    </message>
    <message>
        <source>Kommunens beslutsmallar kan inte läsas.</source>
        <translation>The municipality&apos;s decision templates cannot be read.</translation>
    </message>
    <message>
        <source>Ditt sparade utkast är återställt.</source>
        <translation>Your saved draft is restored.</translation>
    </message>
    <message>
        <source>Beslutet kan inte skrivas nu.</source>
        <translation>The decision cannot be written now.</translation>
    </message>
    <message>
        <source>Beslut i ärende {number}: {title}</source>
        <translation>Decision on case {number}: {title}</translation>
    </message>
    <message>
        <source>Beslut – {number}</source>
        <translation>Decision – {number}</translation>
    </message>
    <message>
        <source>Ändrat – sparas strax</source>
        <translation>Changed – saving shortly</translation>
    </message>
    <message>
        <source>Beslutet är inte komplett: se checklistan.</source>
        <translation>The decision is not complete: see the checklist.</translation>
    </message>
    <message>
        <source>Ingen avgift tas ut när ärendet avskrivs.</source>
        <translation>No fee is charged when the case is written off.</translation>
    </message>
    <message>
        <source>Avgift enligt taxa: {amount}.</source>
        <translation>Fee per the schedule: {amount}.</translation>
    </message>
    <message>
        <source>Ingen tidsfrist enligt plan- och bygglagen: avgiften sätts inte ned.</source>
        <translation>No deadline under the Planning and Building Act: the fee is not reduced.</translation>
    </message>
    <message>
        <source>Beslutet fattas {weeks} påbörjade veckor efter tidsfristen ({deadline}): avgiften sätts ned med {fifths}/5 enligt 12 kap. 8 a § plan- och bygglagen.</source>
        <translation>The decision is made {weeks} started weeks after the deadline ({deadline}): the fee is reduced by {fifths}/5 under 12 kap. 8 a § plan- och bygglagen.</translation>
    </message>
    <message>
        <source>Beslutet fattas inom tidsfristen ({deadline}).</source>
        <translation>The decision is made within the deadline ({deadline}).</translation>
    </message>
    <message>
        <source>Avgift i beslutet: {amount}</source>
        <translation>Fee in the decision: {amount}</translation>
    </message>
    <message>
        <source>Utkastet sparat {time}</source>
        <translation>Draft saved {time}</translation>
    </message>
    <message>
        <source>Uppdaterar …</source>
        <translation>Updating …</translation>
    </message>
    <message>
        <source>{n} sidor</source>
        <translation>{n} pages</translation>
    </message>
    <message>
        <source>Förhandsvisningen misslyckades</source>
        <translation>The preview failed</translation>
    </message>
    <message>
        <source>Utskrivet: {n} sidor</source>
        <translation>Printed: {n} pages</translation>
    </message>
    <message>
        <source>Spara beslutet som PDF</source>
        <translation>Save the decision as PDF</translation>
    </message>
    <message>
        <source>PDF-filer (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Filen kunde inte sparas: {reason}</source>
        <translation>The file could not be saved: {reason}</translation>
    </message>
    <message>
        <source>Sparat som {file}</source>
        <translation>Saved as {file}</translation>
    </message>
    <message>
        <source>Skicka beslutet</source>
        <translation>Send the decision</translation>
    </message>
    <message>
        <source>Beslutet skickas till plattformen och ärendet blir beslutat. Ett skickat beslut kan inte ändras. Skicka?</source>
        <translation>The decision goes to the platform and the case becomes decided. A sent decision cannot be changed. Send?</translation>
    </message>
    <message>
        <source>Det gick inte.</source>
        <translation>That did not work.</translation>
    </message>
</context>
<context>
    <name>DecisionNotices</name>
    <message>
        <source>När parterna delgavs beslutet och när det kungjordes i PoIT</source>
        <translation>When the parties were notified of the decision and when it was published in PoIT</translation>
    </message>
    <message>
        <source>Registrera delgivning …</source>
        <translation>Recor&amp;d notification …</translation>
    </message>
    <message>
        <source>Kung&amp;örelsetext …</source>
        <translation>Ga&amp;zette notice text …</translation>
    </message>
    <message>
        <source>Texten till kungörelsen i Post- och Inrikes Tidningar</source>
        <translation>The text of the notice in Post- och Inrikes Tidningar</translation>
    </message>
    <message>
        <source>Delgivningen sparades inte: {reason}</source>
        <translation>The notification was not saved: {reason}</translation>
    </message>
    <message>
        <source>okänt fel.</source>
        <translation>unknown error.</translation>
    </message>
</context>
<context>
    <name>DocumentsPanel</name>
    <message>
        <source>Den sparade kopian av handlingen var skadad och har tagits bort. Öppna den igen när du är ansluten, så hämtas den på nytt.</source>
        <translation>The saved copy of the document was damaged and has been removed. Open it again when you are connected, and it will be fetched again.</translation>
    </message>
    <message>
        <source>Handlingen kunde inte sparas på datorn: {reason}</source>
        <translation>The document could not be saved on this computer: {reason}</translation>
    </message>
    <message>
        <source>Kopian kunde inte sparas: {reason}</source>
        <translation>The copy could not be saved: {reason}</translation>
    </message>
    <message>
        <source>Filer av typen {kind} öppnas inte härifrån, av säkerhetsskäl. Använd ”Ladda ned …” om du behöver filen.</source>
        <translation>Files of type {kind} are not opened from here, for security reasons. Use “Download …” if you need the file.</translation>
    </message>
    <message>
        <source>Handlingar</source>
        <translation>Documents</translation>
    </message>
    <message>
        <source>Handling</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Typ</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Storlek</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Ö&amp;ppna</source>
        <translation>O&amp;pen</translation>
    </message>
    <message>
        <source>Öppna handlingen i datorns visningsprogram (Enter)</source>
        <translation>Open the document in the computer&apos;s viewer (Enter)</translation>
    </message>
    <message>
        <source>Ladda &amp;ned …</source>
        <translation>Down&amp;load …</translation>
    </message>
    <message>
        <source>Spara en kopia av handlingen</source>
        <translation>Save a copy of the document</translation>
    </message>
    <message>
        <source>Öppna i r&amp;itningsvisaren</source>
        <translation>Open in the draw&amp;ing viewer</translation>
    </message>
    <message>
        <source>✓ Finns offline</source>
        <translation>✓ Available offline</translation>
    </message>
    <message>
        <source>Finns offline</source>
        <translation>Available offline</translation>
    </message>
    <message>
        <source>Inte nedladdad</source>
        <translation>Not downloaded</translation>
    </message>
    <message>
        <source>Öppna ritningen i ritningsvisaren</source>
        <translation>Open the drawing in the drawing viewer</translation>
    </message>
    <message>
        <source>Ritningsvisaren finns inte i den här versionen än. Öppna ritningen med Öppna.</source>
        <translation>The drawing viewer is not in this version yet. Open the drawing with Open.</translation>
    </message>
    <message>
        <source>Hämtar {title} …</source>
        <translation>Fetching {title} …</translation>
    </message>
    <message>
        <source>Datorn har inget program som kan öppna {kind}.</source>
        <translation>This computer has no program that can open {kind}.</translation>
    </message>
    <message>
        <source>filen</source>
        <translation>the file</translation>
    </message>
    <message>
        <source>Spara handling</source>
        <translation>Save document</translation>
    </message>
    <message>
        <source>Sparar {title} …</source>
        <translation>Saving {title} …</translation>
    </message>
    <message>
        <source>Sparad: {path}</source>
        <translation>Saved: {path}</translation>
    </message>
    <message>
        <source>Handlingen gick inte att hämta.</source>
        <translation>The document could not be fetched.</translation>
    </message>
</context>
<context>
    <name>DrawingViewer</name>
    <message>
        <source>Filen är tom (0 byte), så det finns ingen ritning att visa.</source>
        <translation>The file is empty (0 bytes), so there is no drawing to show.</translation>
    </message>
    <message>
        <source>Ritningen är skyddad med lösenord. Har du lösenordet, skriv det nedan. Annars kan den inte visas: be avsändaren om en version utan lösenord.</source>
        <translation>The drawing is password-protected. If you have the password, type it below. Otherwise it cannot be shown: ask the sender for a version without a password.</translation>
    </message>
    <message>
        <source>Ritningen är skyddad med lösenord och kan inte visas. Be avsändaren om en version utan lösenord.</source>
        <translation>The drawing is password-protected and cannot be shown. Ask the sender for a version without a password.</translation>
    </message>
    <message>
        <source>Filen är skadad eller ofullständig och kan inte visas. Be avsändaren skicka den igen.</source>
        <translation>The file is damaged or incomplete and cannot be shown. Ask the sender to send it again.</translation>
    </message>
    <message>
        <source>Filen är ingen ritning som visaren kan öppna (PDF, TIFF eller bild). Öppna den med Öppna i stället.</source>
        <translation>The file is not a drawing the viewer can open (PDF, TIFF or an image). Open it with Open instead.</translation>
    </message>
    <message>
        <source>Ritningen är för stor för att visas: den skulle kräva mer minne än visaren får använda.</source>
        <translation>The drawing is too large to show: it would need more memory than the viewer may use.</translation>
    </message>
    <message>
        <source>Det tog för lång tid att rita upp sidan, så visningen avbröts. Filen kan vara skadad eller mycket komplex.</source>
        <translation>Drawing the page took too long, so it was stopped. The file may be damaged or very complex.</translation>
    </message>
    <message>
        <source>Sidan finns inte i ritningen.</source>
        <translation>The drawing has no such page.</translation>
    </message>
    <message>
        <source>Lösenordet stämmer inte. Försök igen.</source>
        <translation>The password is not right. Try again.</translation>
    </message>
    <message>
        <source>Ritningen är krypterad på ett sätt som visaren inte kan öppna. Be avsändaren om en version utan lösenord.</source>
        <translation>The drawing is encrypted in a way the viewer cannot open. Ask the sender for a version without a password.</translation>
    </message>
    <message>
        <source>Ritningen kunde inte visas: ritningsmotorn gick inte att starta. Försök igen.</source>
        <translation>The drawing could not be shown: the drawing renderer did not start. Try again.</translation>
    </message>
    <message>
        <source>liggande</source>
        <translation>landscape</translation>
    </message>
    <message>
        <source>stående</source>
        <translation>portrait</translation>
    </message>
    <message>
        <source>Zooma &amp;ut</source>
        <translation>Zoom &amp;out</translation>
    </message>
    <message>
        <source>Zooma &amp;in</source>
        <translation>Zoom &amp;in</translation>
    </message>
    <message>
        <source>&amp;100 %</source>
        <translation>&amp;100 %</translation>
    </message>
    <message>
        <source>Hela &amp;sidan</source>
        <translation>Whole &amp;page</translation>
    </message>
    <message>
        <source>Sid&amp;bredd</source>
        <translation>Page &amp;width</translation>
    </message>
    <message>
        <source>&amp;Rotera</source>
        <translation>&amp;Rotate</translation>
    </message>
    <message>
        <source>Zooma o&amp;mråde</source>
        <translation>Zoom &amp;area</translation>
    </message>
    <message>
        <source>&amp;Föregående</source>
        <translation>Pre&amp;vious</translation>
    </message>
    <message>
        <source>&amp;Nästa</source>
        <translation>&amp;Next</translation>
    </message>
    <message>
        <source>Miniat&amp;yrer</source>
        <translation>T&amp;humbnails</translation>
    </message>
    <message>
        <source>S&amp;kriv ut…</source>
        <translation>Prin&amp;t…</translation>
    </message>
    <message>
        <source>Skriv ut synlig de&amp;l…</source>
        <translation>Print visib&amp;le part…</translation>
    </message>
    <message>
        <source>Spara bil&amp;d…</source>
        <translation>Save ima&amp;ge…</translation>
    </message>
    <message>
        <source>Första sidan</source>
        <translation>First page</translation>
    </message>
    <message>
        <source>Sista sidan</source>
        <translation>Last page</translation>
    </message>
    <message>
        <source>&amp;Gå till sida…</source>
        <translation>&amp;Go to page…</translation>
    </message>
    <message>
        <source>Sid&amp;a</source>
        <translation>P&amp;age</translation>
    </message>
    <message>
        <source>Sidnummer</source>
        <translation>Page number</translation>
    </message>
    <message>
        <source>Ritning</source>
        <translation>Drawing</translation>
    </message>
    <message>
        <source>Ctrl+hjulet zoomar, dra, mellanslag+dra eller piltangenterna panorerar, Skift+dra zoomar till ett område, PgUp och PgDn byter sida</source>
        <translation>Ctrl+wheel zooms, drag, space+drag or the arrow keys pan, Shift+drag zooms to an area, PgUp and PgDn change page</translation>
    </message>
    <message>
        <source>Lösen&amp;ord:</source>
        <translation>Pass&amp;word:</translation>
    </message>
    <message>
        <source>Ritningens lösenord</source>
        <translation>The drawing&apos;s password</translation>
    </message>
    <message>
        <source>Ö&amp;ppna</source>
        <translation>O&amp;pen</translation>
    </message>
    <message>
        <source>Öppna med lösenordet</source>
        <translation>Open with the password</translation>
    </message>
    <message>
        <source>{size} (visas vriden {degrees}°)</source>
        <translation>{size} (shown turned {degrees}°)</translation>
    </message>
    <message>
        <source>Skala {scale}</source>
        <translation>Scale {scale}</translation>
    </message>
    <message>
        <source>Skriv ut ritningen</source>
        <translation>Print the drawing</translation>
    </message>
    <message>
        <source>Skriv ut synlig del</source>
        <translation>Print the visible part</translation>
    </message>
    <message>
        <source>Skriver ut…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <source>Utskriften misslyckades: {why}</source>
        <translation>Printing failed: {why}</translation>
    </message>
    <message>
        <source>Utskriven förminskad till {percent} % (papperet är mindre än ritningen), {dpi} dpi</source>
        <translation>Printed reduced to {percent} % (the paper is smaller than the drawing), {dpi} dpi</translation>
    </message>
    <message>
        <source>Utskriven skalenligt, {dpi} dpi</source>
        <translation>Printed to scale, {dpi} dpi</translation>
    </message>
    <message>
        <source>Spara vyn som bild</source>
        <translation>Save the view as an image</translation>
    </message>
    <message>
        <source>PNG-bild (*.png)</source>
        <translation>PNG image (*.png)</translation>
    </message>
    <message>
        <source>{title}, sida {page}</source>
        <translation>{title}, page {page}</translation>
    </message>
    <message>
        <source>Bilden kunde inte sparas där. Välj en annan mapp.</source>
        <translation>The image could not be saved there. Choose another folder.</translation>
    </message>
    <message>
        <source>Vyn sparades som {name}</source>
        <translation>The view was saved as {name}</translation>
    </message>
    <message>
        <source>Meddelande</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Ritningsverktyg</source>
        <translation>Drawing tools</translation>
    </message>
    <message>
        <source>av {count}</source>
        <translation>of {count}</translation>
    </message>
    <message>
        <source>{percent} %</source>
        <translation>{percent} %</translation>
    </message>
</context>
<context>
    <name>DrawingWindow</name>
    <message>
        <source>{title} – Ritningsvisaren</source>
        <translation>{title} – Drawing viewer</translation>
    </message>
    <message>
        <source>Stäng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Mark&amp;eringar</source>
        <translation>&amp;Markups</translation>
    </message>
    <message>
        <source>Visa markeringar, verktyg och markeringslistan (Ctrl+M)</source>
        <translation>Show the markups, their tools and the markups list (Ctrl+M)</translation>
    </message>
    <message>
        <source>Markeringar hör till ett ärendes handling: öppna ritningen från ärendets handlingar för att markera i den</source>
        <translation>Markups belong to a case&apos;s document: open the drawing from the case&apos;s documents to mark it up</translation>
    </message>
    <message>
        <source>Markeringar</source>
        <translation>Markups</translation>
    </message>
</context>
<context>
    <name>ErrorReporter</name>
    <message>
        <source>Något gick fel</source>
        <translation>Something went wrong</translation>
    </message>
    <message>
        <source>Något oväntat gick fel i Caseworker. Det du höll på med blev kanske inte klart.</source>
        <translation>Something unexpected went wrong in Caseworker. What you were doing may not have been completed.</translation>
    </message>
    <message>
        <source>Inget av ditt arbete har försvunnit: dina ändringar finns kvar i utkorgen och skickas till plattformen när det går.</source>
        <translation>None of your work has been lost: your changes are kept in the outbox and will be sent to the platform when possible.</translation>
    </message>
    <message>
        <source>Försök igen. Om felet kommer tillbaka, starta om Caseworker. Kvarstår det, kontakta support och bifoga loggfilen.</source>
        <translation>Try again. If the error comes back, restart Caseworker. If it persists, contact support and attach the log file.</translation>
    </message>
    <message>
        <source>Loggfilen: {path}</source>
        <translation>Log file: {path}</translation>
    </message>
    <message>
        <source>Öppna loggmappen</source>
        <translation>Open the log folder</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Inget av det du har sparat har försvunnit.</source>
        <translation>Nothing you have saved has been lost.</translation>
    </message>
    <message>
        <source>Ändringar som väntar i utkorgen finns kvar och skickas som vanligt.</source>
        <translation>Changes waiting in the outbox are kept and will be sent as usual.</translation>
    </message>
    <message>
        <source>Inget har ändrats.</source>
        <translation>Nothing has been changed.</translation>
    </message>
    <message>
        <source>Utkastet finns kvar.</source>
        <translation>The draft is kept.</translation>
    </message>
    <message>
        <source>Ingen inloggning kom tillbaka från webbläsaren i tid.</source>
        <translation>No sign-in came back from the browser in time.</translation>
    </message>
    <message>
        <source>Försök igen.</source>
        <translation>Try again.</translation>
    </message>
    <message>
        <source>Den lokala lagringen används redan av ett annat Caseworker-fönster.</source>
        <translation>The local storage is already in use by another Caseworker window.</translation>
    </message>
    <message>
        <source>Arbeta i det andra fönstret, eller stäng det och försök igen.</source>
        <translation>Work in the other window, or close it and try again.</translation>
    </message>
    <message>
        <source>Den lokala kopian är redan stängd (utloggning eller avslut).</source>
        <translation>The local copy is already closed (signed out or quitting).</translation>
    </message>
    <message>
        <source>Logga in igen för att fortsätta.</source>
        <translation>Sign in again to continue.</translation>
    </message>
    <message>
        <source>Den lokala kopian har skrivits av en nyare version av Caseworker.</source>
        <translation>The local copy was written by a newer version of Caseworker.</translation>
    </message>
    <message>
        <source>Uppdatera Caseworker och starta igen.</source>
        <translation>Update Caseworker and start it again.</translation>
    </message>
    <message>
        <source>Den lokala kopian går inte att öppna med nyckeln på den här datorn.</source>
        <translation>The local copy cannot be opened with the key on this computer.</translation>
    </message>
    <message>
        <source>Logga in igen; ärendena hämtas då på nytt från plattformen.</source>
        <translation>Sign in again; the cases are then downloaded again from the platform.</translation>
    </message>
    <message>
        <source>Den lokala lagringen är skadad.</source>
        <translation>The local storage is damaged.</translation>
    </message>
    <message>
        <source>Starta om Caseworker: den skadade kopian läggs åt sidan och ärendena hämtas på nytt.</source>
        <translation>Restart Caseworker: the damaged copy is set aside and the cases are downloaded again.</translation>
    </message>
    <message>
        <source>En uppgift i den lokala kopian gick inte att läsa: den är ändrad eller skadad.</source>
        <translation>An item in the local copy could not be read: it has been altered or damaged.</translation>
    </message>
    <message>
        <source>Försök igen när ärendet har hämtats på nytt från plattformen.</source>
        <translation>Try again once the case has been downloaded again from the platform.</translation>
    </message>
    <message>
        <source>Den sparade kopian av handlingen var skadad och har lagts åt sidan.</source>
        <translation>The saved copy of the document was damaged and has been set aside.</translation>
    </message>
    <message>
        <source>Öppna handlingen igen, så hämtas den på nytt från plattformen.</source>
        <translation>Open the document again, and it will be downloaded again from the platform.</translation>
    </message>
    <message>
        <source>Handlingen finns inte sparad på den här datorn.</source>
        <translation>The document is not saved on this computer.</translation>
    </message>
    <message>
        <source>Öppna den igen när datorn är ansluten, så hämtas den.</source>
        <translation>Open it again when the computer is connected, and it will be downloaded.</translation>
    </message>
    <message>
        <source>Handlingen kunde inte sparas på den här datorn.</source>
        <translation>The document could not be saved on this computer.</translation>
    </message>
    <message>
        <source>Försök igen; kvarstår felet, kontrollera att disken har plats.</source>
        <translation>Try again; if the error persists, check that the disk has free space.</translation>
    </message>
    <message>
        <source>Ändringen i utkorgen har redan skickats eller hanterats.</source>
        <translation>The change in the outbox has already been sent or dealt with.</translation>
    </message>
    <message>
        <source>Se efter i utkorgen var den står nu.</source>
        <translation>Check the outbox to see where it stands now.</translation>
    </message>
    <message>
        <source>Ändringen finns inte längre i utkorgen.</source>
        <translation>The change is no longer in the outbox.</translation>
    </message>
    <message>
        <source>Den lokala lagringen kunde inte läsas eller skrivas just nu.</source>
        <translation>The local storage could not be read or written just now.</translation>
    </message>
    <message>
        <source>Försök igen; kvarstår felet, starta om Caseworker.</source>
        <translation>Try again; if the error persists, restart Caseworker.</translation>
    </message>
    <message>
        <source>Nyckelringen på den här datorn gick inte att använda.</source>
        <translation>The keystore on this computer could not be used.</translation>
    </message>
    <message>
        <source>Logga in igen; kvarstår felet, kontakta support.</source>
        <translation>Sign in again; if the error persists, contact support.</translation>
    </message>
    <message>
        <source>Beslutet saknar en del som utfallet kräver, så brevet kunde inte skapas.</source>
        <translation>The decision lacks a part its outcome requires, so the letter could not be created.</translation>
    </message>
    <message>
        <source>Fyll i det som saknas och försök igen.</source>
        <translation>Fill in what is missing and try again.</translation>
    </message>
    <message>
        <source>Beslutsmallarna saknas eller är felaktiga, så brevet kunde inte skapas.</source>
        <translation>The decision templates are missing or faulty, so the letter could not be created.</translation>
    </message>
    <message>
        <source>Kontakta support.</source>
        <translation>Contact support.</translation>
    </message>
</context>
<context>
    <name>ExtendDeadlineDialog</name>
    <message>
        <source>Förläng tidsfristen – {number}</source>
        <translation>Extend the time limit – {number}</translation>
    </message>
    <message>
        <source>Tidsfristen får förlängas en gång, med högst {weeks} veckor, om ärendet är särskilt komplicerat. Förlängningen ska beslutas och meddelas sökanden innan den första tidsfristen har gått ut.</source>
        <translation>The time limit may be extended once, by at most {weeks} weeks, if the case is particularly complicated. The extension must be decided and communicated to the applicant before the first time limit has expired.</translation>
    </message>
    <message>
        <source> veckor</source>
        <translation> weeks</translation>
    </message>
    <message>
        <source>Antal veckor</source>
        <translation>Number of weeks</translation>
    </message>
    <message>
        <source>Skäl för förlängningen</source>
        <translation>Reason for the extension</translation>
    </message>
    <message>
        <source>Varför ärendet är särskilt komplicerat …</source>
        <translation>Why the case is particularly complicated …</translation>
    </message>
    <message>
        <source>&amp;Veckor:</source>
        <translation>&amp;Weeks:</translation>
    </message>
    <message>
        <source>&amp;Skäl:</source>
        <translation>&amp;Reason:</translation>
    </message>
    <message>
        <source>&amp;Förläng</source>
        <translation>&amp;Extend</translation>
    </message>
    <message>
        <source>Avbryt</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>IdentityBand</name>
    <message>
        <source>Kommunens logotyp</source>
        <translation>The municipality&apos;s logo</translation>
    </message>
    <message>
        <source>Okänd kommun</source>
        <translation>Unknown municipality</translation>
    </message>
</context>
<context>
    <name>ItemList</name>
    <message>
        <source>Lägg till</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>Ta bort</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Flytta upp</source>
        <translation>Move up</translation>
    </message>
    <message>
        <source>Flytta ned</source>
        <translation>Move down</translation>
    </message>
    <message>
        <source>Lägg till en rad (Insert)</source>
        <translation>Add a line (Insert)</translation>
    </message>
    <message>
        <source>Ta bort den markerade raden (Delete)</source>
        <translation>Remove the selected line (Delete)</translation>
    </message>
    <message>
        <source>Flytta den markerade raden uppåt (Ctrl+Upp)</source>
        <translation>Move the selected line up (Ctrl+Up)</translation>
    </message>
    <message>
        <source>Flytta den markerade raden nedåt (Ctrl+Ned)</source>
        <translation>Move the selected line down (Ctrl+Down)</translation>
    </message>
</context>
<context>
    <name>LetterPreview</name>
    <message>
        <source>Sida {page} av {pages}</source>
        <translation>Page {page} of {pages}</translation>
    </message>
</context>
<context>
    <name>LicencesDialog</name>
    <message>
        <source>Licenser för tredje part</source>
        <translation>Third-party licences</translation>
    </message>
    <message>
        <source>Komponenter</source>
        <translation>Components</translation>
    </message>
    <message>
        <source>Licenstext</source>
        <translation>Licence text</translation>
    </message>
    <message>
        <source>Öppna mappen</source>
        <translation>Open the folder</translation>
    </message>
    <message>
        <source>Caseworker körs från källkod. Licenstexterna samlas när appen byggs för installation.</source>
        <translation>Caseworker is running from source. The licence texts are collected when the app is built for installation.</translation>
    </message>
    <message>
        <source>Caseworker {version} innehåller dessa komponenter. Licenstexterna finns i {folder}.</source>
        <translation>Caseworker {version} contains these components. The licence texts are in {folder}.</translation>
    </message>
    <message>
        <source>Licens</source>
        <translation>Licence</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Arkiv</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Visa</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>&amp;Synk</source>
        <translation>&amp;Sync</translation>
    </message>
    <message>
        <source>&amp;Hjälp</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;Inställningar …</source>
        <translation>&amp;Settings …</translation>
    </message>
    <message>
        <source>&amp;Logga ut</source>
        <translation>Sign &amp;out</translation>
    </message>
    <message>
        <source>&amp;Avsluta</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Sök i listan</source>
        <translation>&amp;Search the list</translation>
    </message>
    <message>
        <source>&amp;Tillbaka till listan</source>
        <translation>&amp;Back to the list</translation>
    </message>
    <message>
        <source>Synka &amp;nu</source>
        <translation>Sync &amp;now</translation>
    </message>
    <message>
        <source>Öppna &amp;loggmappen</source>
        <translation>Open the &amp;log folder</translation>
    </message>
    <message>
        <source>&amp;Om Caseworker</source>
        <translation>&amp;About Caseworker</translation>
    </message>
    <message>
        <source>Arbetsyta</source>
        <translation>Work area</translation>
    </message>
    <message>
        <source>Inloggad användare</source>
        <translation>Signed-in user</translation>
    </message>
    <message>
        <source>demo</source>
        <translation>demo</translation>
    </message>
    <message>
        <source>Inloggad som {name}</source>
        <translation>Signed in as {name}</translation>
    </message>
    <message>
        <source>Om Caseworker</source>
        <translation>About Caseworker</translation>
    </message>
    <message>
        <source>Plattform: {url}
Lokal data: {folder}</source>
        <translation>Platform: {url}
Local data: {folder}</translation>
    </message>
</context>
<context>
    <name>MarkupDock</name>
    <message>
        <source>Markeringslista</source>
        <translation>Markups list</translation>
    </message>
</context>
<context>
    <name>MarkupEditor</name>
    <message>
        <source>Ändra storlek</source>
        <translation>Resize markup</translation>
    </message>
    <message>
        <source>Flytta punkt</source>
        <translation>Move point</translation>
    </message>
    <message>
        <source>Flytta markering</source>
        <translation>Move markup</translation>
    </message>
    <message>
        <source>Ändra text</source>
        <translation>Change text</translation>
    </message>
    <message>
        <source>Ändra färg</source>
        <translation>Change colour</translation>
    </message>
    <message>
        <source>Ändra linjebredd</source>
        <translation>Change line width</translation>
    </message>
    <message>
        <source>Ej kalibrerad</source>
        <translation>Not calibrated</translation>
    </message>
    <message>
        <source>Ny markering</source>
        <translation>New markup</translation>
    </message>
    <message>
        <source>Ta bort markering</source>
        <translation>Delete markup</translation>
    </message>
</context>
<context>
    <name>MarkupExchange</name>
    <message>
        <source>Exportera/Importera</source>
        <translation>Export/Import</translation>
    </message>
    <message>
        <source>Exportera, importera och skriv ut markeringar</source>
        <translation>Export, import and print markups</translation>
    </message>
    <message>
        <source>Spara, exportera, importera och skriv ut ritningen med markeringar</source>
        <translation>Save, export, import and print the drawing with its markups</translation>
    </message>
    <message>
        <source>Spara ritning med markeringar (PDF) …</source>
        <translation>Save drawing with markups (PDF) …</translation>
    </message>
    <message>
        <source>Skriv ut med markeringar …</source>
        <translation>Print with markups …</translation>
    </message>
    <message>
        <source>Exportera XFDF …</source>
        <translation>Export XFDF …</translation>
    </message>
    <message>
        <source>Importera XFDF …</source>
        <translation>Import XFDF …</translation>
    </message>
    <message>
        <source>Sammanställning av markeringar (PDF) …</source>
        <translation>Markup summary (PDF) …</translation>
    </message>
    <message>
        <source>Skriver ut ritningen med de markeringar som visas (Ctrl+P)</source>
        <translation>Prints the drawing with the markups shown (Ctrl+P)</translation>
    </message>
    <message>
        <source>Ritning</source>
        <translation>Drawing</translation>
    </message>
    <message>
        <source>Ritningen är inte öppen ännu.</source>
        <translation>The drawing is not open yet.</translation>
    </message>
    <message>
        <source>Markeringarna kan bara sparas i en PDF-ritning som går att läsa; den här ritningen är ingen sådan (eller är lösenordsskyddad). Exportera XFDF i stället.</source>
        <translation>Markups can only be saved into a readable PDF drawing; this drawing is not one (or is password protected). Export XFDF instead.</translation>
    </message>
    <message>
        <source>Det gick inte.</source>
        <translation>That did not work.</translation>
    </message>
    <message>
        <source>Filen %1 kunde inte sparas där. Välj en annan mapp.</source>
        <translation>The file %1 could not be saved there. Choose another folder.</translation>
    </message>
    <message>
        <source>Spara ritning med markeringar</source>
        <translation>Save drawing with markups</translation>
    </message>
    <message>
        <source>PDF-filer (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>%1 med markeringar</source>
        <translation>%1 with markups</translation>
    </message>
    <message>
        <source>Sparar ritningen med markeringar …</source>
        <translation>Saving the drawing with its markups …</translation>
    </message>
    <message>
        <source>Ritningen sparades med markeringar som %1 (%2 st.).</source>
        <translation>The drawing was saved with its markups as %1 (%2 markups).</translation>
    </message>
    <message>
        <source>Markeringar gjorda på en annan version av ritningen togs inte med (%1 st.; de flyttas aldrig).</source>
        <translation>Markups made on another revision of the drawing were left out (%1; they are never moved).</translation>
    </message>
    <message>
        <source>Förbereder utskrift med markeringar …</source>
        <translation>Preparing the print with markups …</translation>
    </message>
    <message>
        <source>Exportera markeringar som XFDF</source>
        <translation>Export markups as XFDF</translation>
    </message>
    <message>
        <source>XFDF-filer (*.xfdf)</source>
        <translation>XFDF files (*.xfdf)</translation>
    </message>
    <message>
        <source>%1 markeringar</source>
        <translation>%1 markups</translation>
    </message>
    <message>
        <source>Exporterar markeringar …</source>
        <translation>Exporting markups …</translation>
    </message>
    <message>
        <source>Markeringarna exporterades till %1 (%2 st.).</source>
        <translation>The markups were exported to %1 (%2 markups).</translation>
    </message>
    <message>
        <source>Importera markeringar från XFDF</source>
        <translation>Import markups from XFDF</translation>
    </message>
    <message>
        <source>XFDF-filer (*.xfdf *.xml)</source>
        <translation>XFDF files (*.xfdf *.xml)</translation>
    </message>
    <message>
        <source>Filen %1 importerades inte: den är ingen giltig XFDF-fil, är för stor eller innehåller något som inte tillåts (till exempel DTD eller entiteter). Inget har ändrats.</source>
        <translation>The file %1 was not imported: it is not a valid XFDF file, is too large or contains something that is not allowed (such as a DTD or entities). Nothing has changed.</translation>
    </message>
    <message>
        <source>Filen %1 gick inte att läsa. Inget har ändrats.</source>
        <translation>The file %1 could not be read. Nothing has changed.</translation>
    </message>
    <message>
        <source>Läser %1 …</source>
        <translation>Reading %1 …</translation>
    </message>
    <message>
        <source>Markeringar gjorda på en annan version av ritningen importerades inte (%1 st.; de flyttas aldrig).</source>
        <translation>Markups made on another revision of the drawing were not imported (%1; they are never moved).</translation>
    </message>
    <message>
        <source>Markeringar på sidor som ritningen inte har importerades inte (%1 st.).</source>
        <translation>Markups on pages the drawing does not have were not imported (%1).</translation>
    </message>
    <message>
        <source>Filen %1 har inga markeringar.</source>
        <translation>The file %1 has no markups.</translation>
    </message>
    <message>
        <source>Inget har ändrats.</source>
        <translation>Nothing has changed.</translation>
    </message>
    <message>
        <source>Importera markeringar (%1 st.)</source>
        <translation>Import markups (%1)</translation>
    </message>
    <message>
        <source>Importerad markering</source>
        <translation>Imported markup</translation>
    </message>
    <message>
        <source>Markeringar importerades från %1 (%2 st.).</source>
        <translation>Markups were imported from %1 (%2 markups).</translation>
    </message>
    <message>
        <source>Spara sammanställning av markeringar</source>
        <translation>Save markup summary</translation>
    </message>
    <message>
        <source>%1 sammanställning av markeringar</source>
        <translation>%1 markup summary</translation>
    </message>
    <message>
        <source>Skapar sammanställningen …</source>
        <translation>Making the summary …</translation>
    </message>
    <message>
        <source>Sammanställningen av markeringarna sparades som %1 (%2 st.).</source>
        <translation>The markup summary was saved as %1 (%2 markups).</translation>
    </message>
</context>
<context>
    <name>MarkupList</name>
    <message>
        <source>Öppen</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Godtagen</source>
        <translation>Accepted</translation>
    </message>
    <message>
        <source>Avvisad</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>Åtgärdad</source>
        <translation>Completed</translation>
    </message>
    <message>
        <source>Sida</source>
        <translation>Page</translation>
    </message>
    <message>
        <source>Typ</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Författare</source>
        <translation>Author</translation>
    </message>
    <message>
        <source>Datum</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Svar</source>
        <translation>Replies</translation>
    </message>
    <message>
        <source>Värde</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Sök i markeringar</source>
        <translation>Search markups</translation>
    </message>
    <message>
        <source>Alla statusar</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>Filtrera på status</source>
        <translation>Filter by status</translation>
    </message>
    <message>
        <source>Alla typer</source>
        <translation>All kinds</translation>
    </message>
    <message>
        <source>Filtrera på typ</source>
        <translation>Filter by kind</translation>
    </message>
    <message>
        <source>Alla granskare</source>
        <translation>All reviewers</translation>
    </message>
    <message>
        <source>Filtrera på granskare</source>
        <translation>Filter by reviewer</translation>
    </message>
    <message>
        <source>Granskarnas lager</source>
        <translation>Reviewers&apos; layers</translation>
    </message>
    <message>
        <source>Visa eller dölj varje granskares markeringar</source>
        <translation>Show or hide each reviewer&apos;s markups</translation>
    </message>
    <message>
        <source>Granskare</source>
        <translation>Reviewers</translation>
    </message>
    <message>
        <source>Markeringar</source>
        <translation>Markups</translation>
    </message>
    <message>
        <source>Svar på vald markering</source>
        <translation>Reply to the selected markup</translation>
    </message>
    <message>
        <source>Svara</source>
        <translation>Reply</translation>
    </message>
    <message>
        <source>Status för vald markering</source>
        <translation>Status of the selected markup</translation>
    </message>
    <message>
        <source>%1 (du)</source>
        <translation>%1 (you)</translation>
    </message>
    <message>
        <source>Granskare, dolda: %1</source>
        <translation>Reviewers, hidden: %1</translation>
    </message>
    <message>
        <source>Summa: %1</source>
        <translation>Total: %1</translation>
    </message>
</context>
<context>
    <name>MarkupSession</name>
    <message>
        <source>Markeringar gjorda på en annan version av ritningen (visas inte flyttade): %1</source>
        <translation>Markups made on another version of the drawing (not moved onto this one): %1</translation>
    </message>
    <message>
        <source>Markeringen kunde inte sparas: %1</source>
        <translation>The markup could not be saved: %1</translation>
    </message>
</context>
<context>
    <name>MarkupToolBar</name>
    <message>
        <source>Ångra</source>
        <translation>Undo</translation>
    </message>
    <message>
        <source>Gör om</source>
        <translation>Redo</translation>
    </message>
    <message>
        <source>Färg</source>
        <translation>Colour</translation>
    </message>
    <message>
        <source>Bredd</source>
        <translation>Width</translation>
    </message>
    <message>
        <source>Linjebredd i punkter</source>
        <translation>Line width in points</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Text i textruta och pratbubbla</source>
        <translation>Text of text boxes and callouts</translation>
    </message>
    <message>
        <source>Stämpel</source>
        <translation>Stamp</translation>
    </message>
    <message>
        <source>Känd längd</source>
        <translation>Known length</translation>
    </message>
    <message>
        <source>Känd längd i meter för kalibrering</source>
        <translation>Known length in metres for calibration</translation>
    </message>
    <message>
        <source>Skala</source>
        <translation>Scale</translation>
    </message>
    <message>
        <source>Ritningens skala</source>
        <translation>The drawing&apos;s scale</translation>
    </message>
    <message>
        <source>Mät själv</source>
        <translation>Measure myself</translation>
    </message>
</context>
<context>
    <name>MarkupTools</name>
    <message>
        <source>Röd</source>
        <translation>Red</translation>
    </message>
    <message>
        <source>Blå</source>
        <translation>Blue</translation>
    </message>
    <message>
        <source>Grön</source>
        <translation>Green</translation>
    </message>
    <message>
        <source>Orange</source>
        <translation>Orange</translation>
    </message>
    <message>
        <source>Lila</source>
        <translation>Purple</translation>
    </message>
    <message>
        <source>Svart</source>
        <translation>Black</translation>
    </message>
    <message>
        <source>Markera</source>
        <translation>Select</translation>
    </message>
    <message>
        <source>Rektangel</source>
        <translation>Rectangle</translation>
    </message>
    <message>
        <source>Ellips</source>
        <translation>Ellipse</translation>
    </message>
    <message>
        <source>Moln</source>
        <translation>Cloud</translation>
    </message>
    <message>
        <source>Linje</source>
        <translation>Line</translation>
    </message>
    <message>
        <source>Pil</source>
        <translation>Arrow</translation>
    </message>
    <message>
        <source>Polylinje</source>
        <translation>Polyline</translation>
    </message>
    <message>
        <source>Polygon</source>
        <translation>Polygon</translation>
    </message>
    <message>
        <source>Frihand</source>
        <translation>Freehand</translation>
    </message>
    <message>
        <source>Textruta</source>
        <translation>Text box</translation>
    </message>
    <message>
        <source>Pratbubbla</source>
        <translation>Callout</translation>
    </message>
    <message>
        <source>Överstrykning</source>
        <translation>Highlight</translation>
    </message>
    <message>
        <source>Stämpel</source>
        <translation>Stamp</translation>
    </message>
    <message>
        <source>Avstånd</source>
        <translation>Distance</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>Area</translation>
    </message>
    <message>
        <source>Kalibrera</source>
        <translation>Calibrate</translation>
    </message>
</context>
<context>
    <name>MarkupWorkspace</name>
    <message>
        <source>Markeringar</source>
        <translation>Markups</translation>
    </message>
</context>
<context>
    <name>MessageDialog</name>
    <message>
        <source>Ämne</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Meddelande till sökanden</source>
        <translation>Message to the applicant</translation>
    </message>
    <message>
        <source>&amp;Skicka</source>
        <translation>&amp;Send</translation>
    </message>
    <message>
        <source>Ämn&amp;e:</source>
        <translation>Sub&amp;ject:</translation>
    </message>
    <message>
        <source>Meddelande&amp;text:</source>
        <translation>Message &amp;text:</translation>
    </message>
    <message>
        <source>Avbryt</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>Navigation</name>
    <message>
        <source>Mina ärenden</source>
        <translation>My cases</translation>
    </message>
    <message>
        <source>Ej tilldelade</source>
        <translation>Unassigned</translation>
    </message>
    <message>
        <source>Teamets ärenden</source>
        <translation>Team cases</translation>
    </message>
    <message>
        <source>Alla</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Bokmärken</source>
        <translation>Bookmarks</translation>
    </message>
    <message>
        <source>Utkorg</source>
        <translation>Outbox</translation>
    </message>
    <message>
        <source>Arbetsbelastning</source>
        <translation>Workload</translation>
    </message>
</context>
<context>
    <name>NavigationSidebar</name>
    <message>
        <source>Navigering: köer och utkorg</source>
        <translation>Navigation: queues and outbox</translation>
    </message>
    <message>
        <source>{label}, {n} väntar, {p} behöver åtgärd</source>
        <translation>{label}, {n} waiting, {p} need action</translation>
    </message>
    <message>
        <source>{label}, {n} väntar</source>
        <translation>{label}, {n} waiting</translation>
    </message>
    <message>
        <source>{label}, {n} ärenden</source>
        <translation>{label}, {n} cases</translation>
    </message>
</context>
<context>
    <name>NoticesDialog</name>
    <message>
        <source>Delgivning och kungörelse – {number}</source>
        <translation>Notification and publication – {number}</translation>
    </message>
    <message>
        <source>Beslutet fattades {decided}. Markera de parter som har delgetts beslutet och ange dagen; varje parts överklagandetid (tre veckor) räknas från den. Dagen kan inte vara före beslutet eller efter i dag.</source>
        <translation>The decision was made on {decided}. Tick the parties who have been notified of the decision and give the day; each party&apos;s appeal period (three weeks) runs from it. The day cannot be before the decision or after today.</translation>
    </message>
    <message>
        <source>Ett beviljat lov kungörs i Post- och Inrikes Tidningar; de som inte delgetts kan överklaga i fyra veckor efter kungörelsen.</source>
        <translation>A granted permit is published in Post- och Inrikes Tidningar; those not notified may appeal for four weeks after the publication.</translation>
    </message>
    <message>
        <source>{name} ({role}) delgiven</source>
        <translation>{name} ({role}) notified</translation>
    </message>
    <message>
        <source>Dag då {name} delgavs</source>
        <translation>Day {name} was notified</translation>
    </message>
    <message>
        <source>Kungjort i Post- och Inrikes Tidningar</source>
        <translation>Published in Post- och Inrikes Tidningar</translation>
    </message>
    <message>
        <source>Dag för kungörelsen i PoIT</source>
        <translation>Day of the PoIT publication</translation>
    </message>
    <message>
        <source>&amp;Alla delgivna i dag</source>
        <translation>&amp;All notified today</translation>
    </message>
    <message>
        <source>&amp;Registrera</source>
        <translation>&amp;Record</translation>
    </message>
    <message>
        <source>Avbryt</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>OfflineBanner</name>
    <message>
        <source>Försök ansluta</source>
        <translation>Try to connect</translation>
    </message>
    <message>
        <source>Försök ansluta till plattformen nu</source>
        <translation>Try to connect to the platform now</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Offline sedan {when}.</source>
        <translation>Offline since {when}.</translation>
    </message>
    <message>
        <source>Offline.</source>
        <translation>Offline.</translation>
    </message>
    <message>
        <source>Försöker ansluta …</source>
        <translation>Trying to connect …</translation>
    </message>
    <message>
        <source>Plattformen svarade inte ({time}). Det du gör sparas i utkorgen.</source>
        <translation>The platform did not answer ({time}). What you do is kept in the outbox.</translation>
    </message>
    <message>
        <source>Du ser den senast synkade kopian. Det du gör sparas i utkorgen och skickas när anslutningen är tillbaka.</source>
        <translation>You are seeing the last synced copy. What you do is saved in the outbox and sent when the connection is back.</translation>
    </message>
</context>
<context>
    <name>OfflineProgressDialog</name>
    <message>
        <source>Gör tillgänglig offline</source>
        <translation>Make available offline</translation>
    </message>
    <message>
        <source>Avbryt</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Hämtar ärendet och dess handlingar …</source>
        <translation>Fetching the case and its documents …</translation>
    </message>
    <message>
        <source>Hämtar handlingar: {done} av {total} …</source>
        <translation>Fetching documents: {done} of {total} …</translation>
    </message>
</context>
<context>
    <name>OutboxDescribe</name>
    <message>
        <source>Anteckning</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Meddelande till sökande</source>
        <translation>Message to the applicant</translation>
    </message>
    <message>
        <source>Begäran om komplettering</source>
        <translation>Request for completion</translation>
    </message>
    <message>
        <source>Statusändring ({status})</source>
        <translation>Status change ({status})</translation>
    </message>
    <message>
        <source>Förlängd tidsfrist ({weeks} veckor)</source>
        <translation>Extended time limit ({weeks} weeks)</translation>
    </message>
    <message>
        <source>Förlängd tidsfrist</source>
        <translation>Extended time limit</translation>
    </message>
    <message>
        <source>Ny handläggare</source>
        <translation>New case officer</translation>
    </message>
    <message>
        <source>Ändring av ärendet</source>
        <translation>Change to the case</translation>
    </message>
    <message>
        <source>Ny markering på ritning</source>
        <translation>New markup on a drawing</translation>
    </message>
    <message>
        <source>Ändrad markering på ritning</source>
        <translation>Changed markup on a drawing</translation>
    </message>
    <message>
        <source>Borttagen markering på ritning</source>
        <translation>Removed markup on a drawing</translation>
    </message>
    <message>
        <source>Beslut</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>Ämne</source>
        <translation>Subject</translation>
    </message>
    <message>
        <source>Meddelande</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Skäl</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Delgivning av beslutet ({n} parter)</source>
        <translation>Notification of the decision ({n} parties)</translation>
    </message>
    <message>
        <source>Kungörelse i PoIT</source>
        <translation>PoIT publication</translation>
    </message>
    <message>
        <source>Delgivning av beslutet</source>
        <translation>Notification of the decision</translation>
    </message>
    <message>
        <source>Markering öppnad igen</source>
        <translation>Markup reopened</translation>
    </message>
    <message>
        <source>Markering godtagen</source>
        <translation>Markup accepted</translation>
    </message>
    <message>
        <source>Markering avvisad</source>
        <translation>Markup rejected</translation>
    </message>
    <message>
        <source>Markering åtgärdad</source>
        <translation>Markup completed</translation>
    </message>
    <message>
        <source>Svar på markering</source>
        <translation>Reply to a markup</translation>
    </message>
    <message>
        <source>Fördelas om till {name}</source>
        <translation>Reassignment to {name}</translation>
    </message>
</context>
<context>
    <name>OutboxModel</name>
    <message>
        <source>Ärende</source>
        <translation>Case</translation>
    </message>
    <message>
        <source>Ändring</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>Läge</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Gjord</source>
        <translation>Made</translation>
    </message>
    <message>
        <source>Avvisad: {reason}</source>
        <translation>Rejected: {reason}</translation>
    </message>
</context>
<context>
    <name>OutboxView</name>
    <message>
        <source>Utkorgen</source>
        <translation>Outbox</translation>
    </message>
    <message>
        <source>Ändringar i utkorgen</source>
        <translation>Changes in the outbox</translation>
    </message>
    <message>
        <source>Enter öppnar: en konflikt i konfliktdialogen, annars ärendet. Tab går till knapparna.</source>
        <translation>Enter opens: a conflict in the conflict dialog, otherwise the case. Tab goes to the buttons.</translation>
    </message>
    <message>
        <source>Varför ändringen avvisades</source>
        <translation>Why the change was rejected</translation>
    </message>
    <message>
        <source>&amp;Orsak:</source>
        <translation>Reaso&amp;n:</translation>
    </message>
    <message>
        <source>Din text (sparad, kan redigeras)</source>
        <translation>Your text (saved, can be edited)</translation>
    </message>
    <message>
        <source>Försök &amp;igen</source>
        <translation>Try &amp;again</translation>
    </message>
    <message>
        <source>Lös &amp;konflikt …</source>
        <translation>Resolve &amp;conflict …</translation>
    </message>
    <message>
        <source>Ta &amp;bort …</source>
        <translation>&amp;Remove …</translation>
    </message>
    <message>
        <source>Öppna ä&amp;rendet</source>
        <translation>Open the cas&amp;e</translation>
    </message>
    <message>
        <source>Vald ändring</source>
        <translation>Selected change</translation>
    </message>
    <message>
        <source>Utkorgen är tom: allt du har gjort har nått plattformen.</source>
        <translation>The outbox is empty: everything you have done has reached the platform.</translation>
    </message>
    <message>
        <source>{n} väntar på att skickas (av sig själv)</source>
        <translation>{n} waiting to be sent (automatically)</translation>
    </message>
    <message>
        <source>{n} väntar på att skickas (när anslutningen är tillbaka)</source>
        <translation>{n} waiting to be sent (when the connection is back)</translation>
    </message>
    <message>
        <source>{n} i konflikt – välj vad som ska gälla</source>
        <translation>{n} in conflict – choose which version applies</translation>
    </message>
    <message>
        <source>{n} avvisad – se orsaken nedan</source>
        <translation>{n} rejected – see the reason below</translation>
    </message>
    <message>
        <source>{n} avvisade – se orsaken nedan</source>
        <translation>{n} rejected – see the reasons below</translation>
    </message>
    <message>
        <source>Ingen ändring vald.</source>
        <translation>No change selected.</translation>
    </message>
    <message>
        <source>Ko&amp;piera text</source>
        <translation>Cop&amp;y text</translation>
    </message>
    <message>
        <source>Senaste f&amp;el:</source>
        <translation>Las&amp;t error:</translation>
    </message>
    <message>
        <source>Din text: {field}</source>
        <translation>Your text: {field}</translation>
    </message>
    <message>
        <source>{field}:</source>
        <translation>{field}:</translation>
    </message>
    <message>
        <source>Din text (sparad – redigera och försök igen)</source>
        <translation>Your text (saved – edit and try again)</translation>
    </message>
    <message>
        <source>Din text (sparad)</source>
        <translation>Your text (saved)</translation>
    </message>
    <message>
        <source>Skicka ändringen igen (med din redigerade text)</source>
        <translation>Send the change again (with your edited text)</translation>
    </message>
    <message>
        <source>Försök skicka nu</source>
        <translation>Try to send now</translation>
    </message>
    <message>
        <source>Det gick inte. Försök igen.</source>
        <translation>That did not work. Try again.</translation>
    </message>
    <message>
        <source>Skickas igen.</source>
        <translation>Sending again.</translation>
    </message>
    <message>
        <source>Försöker skicka nu.</source>
        <translation>Trying to send now.</translation>
    </message>
    <message>
        <source>Ändringen togs bort.</source>
        <translation>The change was removed.</translation>
    </message>
    <message>
        <source>Ta bort ändringen?</source>
        <translation>Remove the change?</translation>
    </message>
    <message>
        <source>{what} på {number} tas bort och skickas aldrig.</source>
        <translation>{what} on {number} will be removed and never sent.</translation>
    </message>
    <message>
        <source>Din text försvinner. Kopiera den först om du vill spara den.</source>
        <translation>Your text will be lost. Copy it first if you want to keep it.</translation>
    </message>
    <message>
        <source>Ta bort</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Avbryt</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Texten är kopierad.</source>
        <translation>The text has been copied.</translation>
    </message>
</context>
<context>
    <name>PartiesPanel</name>
    <message>
        <source>Parter</source>
        <translation>Parties</translation>
    </message>
    <message>
        <source>Inga parter registrerade.</source>
        <translation>No parties registered.</translation>
    </message>
</context>
<context>
    <name>PartyRow</name>
    <message>
        <source>Visa</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>Visa personnummer för {name}</source>
        <translation>Show the personal identity number of {name}</translation>
    </message>
    <message>
        <source>Personnummer:</source>
        <translation>Personal identity number:</translation>
    </message>
    <message>
        <source>Organisationsnummer:</source>
        <translation>Organisation number:</translation>
    </message>
    <message>
        <source>Dölj</source>
        <translation>Hide</translation>
    </message>
    <message>
        <source>Dölj personnummer för {name}</source>
        <translation>Hide the personal identity number of {name}</translation>
    </message>
    <message>
        <source>Personnummer</source>
        <translation>Personal identity number</translation>
    </message>
    <message>
        <source>Personnummer (dolt)</source>
        <translation>Personal identity number (hidden)</translation>
    </message>
</context>
<context>
    <name>PoitNoticeDialog</name>
    <message>
        <source>Kungörelse i PoIT – {number}</source>
        <translation>PoIT notice – {number}</translation>
    </message>
    <message>
        <source>Kungörelsetext</source>
        <translation>Notice text</translation>
    </message>
    <message>
        <source>Texten publiceras i Post- och Inrikes Tidningar som den står här. Justera den vid behov, kopiera den och klistra in den i kungörelsen.</source>
        <translation>The text is published in Post- och Inrikes Tidningar as it stands here, in Swedish. Adjust it if needed, copy it and paste it into the notice.</translation>
    </message>
    <message>
        <source>&amp;Kopiera</source>
        <translation>&amp;Copy</translation>
    </message>
    <message>
        <source>Kopiera texten till urklipp</source>
        <translation>Copy the text to the clipboard</translation>
    </message>
    <message>
        <source>&amp;Stäng</source>
        <translation>C&amp;lose</translation>
    </message>
    <message>
        <source>Kopierad.</source>
        <translation>Copied.</translation>
    </message>
</context>
<context>
    <name>SessionKey</name>
    <message>
        <source>1 ändring har inte skickats och går förlorad om du avslutar nu.</source>
        <translation>1 change has not been sent and will be lost if you quit now.</translation>
    </message>
    <message>
        <source>{n} ändringar har inte skickats och går förlorade om du avslutar nu.</source>
        <translation>{n} changes have not been sent and will be lost if you quit now.</translation>
    </message>
    <message>
        <source>Datorn har ingen säker nyckelring, så Caseworker kan inte läsa den lokala kopian när appen har avslutats. Vänta tills ändringarna har skickats, eller avsluta ändå.</source>
        <translation>This computer has no secure keystore, so Caseworker cannot read the local copy once the app has quit. Wait until the changes have been sent, or quit anyway.</translation>
    </message>
    <message>
        <source>Det gick inte att skicka alla ändringar nu.</source>
        <translation>Not all changes could be sent just now.</translation>
    </message>
    <message>
        <source>Ändringar har inte skickats</source>
        <translation>Changes have not been sent</translation>
    </message>
    <message>
        <source>&amp;Vänta och skicka först</source>
        <translation>&amp;Wait and send first</translation>
    </message>
    <message>
        <source>&amp;Avsluta ändå</source>
        <translation>&amp;Quit anyway</translation>
    </message>
    <message>
        <source>Det gick inte att se om den hade ändringar som inte hade skickats.</source>
        <translation>It could not be seen whether it held changes that had not been sent.</translation>
    </message>
    <message>
        <source>Den hade inga ändringar som inte hade skickats, så inget gick förlorat.</source>
        <translation>It held no changes that had not been sent, so nothing was lost.</translation>
    </message>
    <message>
        <source>1 ändring som inte hade skickats kunde inte behållas.</source>
        <translation>1 change that had not been sent could not be kept.</translation>
    </message>
    <message>
        <source>{n} ändringar som inte hade skickats kunde inte behållas.</source>
        <translation>{n} changes that had not been sent could not be kept.</translation>
    </message>
    <message>
        <source>Den gamla lokala kopian kunde inte öppnas</source>
        <translation>The old local copy could not be opened</translation>
    </message>
    <message>
        <source>Den lokala kopian av dina ärenden på den här datorn var låst med en nyckel som inte finns längre (den sparades bara för förra sessionen). Den har lagts åt sidan och ärendena hämtas på nytt från plattformen.</source>
        <translation>The local copy of your cases on this computer was locked with a key that no longer exists (it was kept for the previous session only). It has been set aside and the cases are downloaded again from the platform.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Inställningar</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Anslutning</source>
        <translation>Connection</translation>
    </message>
    <message>
        <source>&amp;Plattformens adress:</source>
        <translation>&amp;Platform address:</translation>
    </message>
    <message>
        <source>Plattformens adress</source>
        <translation>Platform address</translation>
    </message>
    <message>
        <source>Den inbyggda demoplattformen används i demoläget.</source>
        <translation>The built-in demo platform is used in demo mode.</translation>
    </message>
    <message>
        <source>Gäller från nästa inloggning.</source>
        <translation>Takes effect at the next sign-in.</translation>
    </message>
    <message>
        <source>Språk</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>&amp;Språk:</source>
        <translation>&amp;Language:</translation>
    </message>
    <message>
        <source>Byts direkt när du trycker OK. Datum visas alltid på svenskt sätt (2026-11-24).</source>
        <translation>Changes as soon as you press OK. Dates are always shown the Swedish way (2026-11-24).</translation>
    </message>
    <message>
        <source>Lokal data på den här datorn</source>
        <translation>Local data on this computer</translation>
    </message>
    <message>
        <source>Hur länge skickade ändringar sparas lokalt</source>
        <translation>How long sent changes are kept locally</translation>
    </message>
    <message>
        <source>{n} dagar</source>
        <translation>{n} days</translation>
    </message>
    <message>
        <source>Ändringar som har nått plattformen tas bort från utkorgens historik efter så här lång tid.</source>
        <translation>Changes that have reached the platform are removed from the outbox history after this long.</translation>
    </message>
    <message>
        <source>Offline&amp;dokument som inte har öppnats tas bort efter:</source>
        <translation>Offline documents not opened are removed a&amp;fter:</translation>
    </message>
    <message>
        <source>Hur länge offlinedokument som inte har öppnats sparas</source>
        <translation>How long offline documents that are not opened are kept</translation>
    </message>
    <message>
        <source>Dokument som har gjorts tillgängliga offline tas bort från datorn när de inte har öppnats på så här lång tid. De hämtas igen när du öppnar dem. Gäller från nästa start.</source>
        <translation>Documents made available offline are removed from this computer when they have not been opened for this long. They are downloaded again when you open them. Takes effect at the next start.</translation>
    </message>
    <message>
        <source>Största storlek &amp;för offlinedokument:</source>
        <translation>&amp;Maximum size of offline documents:</translation>
    </message>
    <message>
        <source>Största storlek för offlinedokument</source>
        <translation>Maximum size of offline documents</translation>
    </message>
    <message>
        <source>{n} GB</source>
        <translation>{n} GB</translation>
    </message>
    <message>
        <source>Ingen gräns</source>
        <translation>No limit</translation>
    </message>
    <message>
        <source>Tar offlinedokumenten mer plats än så tas de som har öppnats längst tillbaka bort först. Gäller från nästa start.</source>
        <translation>If offline documents take more space than this, those opened longest ago are removed first. Takes effect at the next start.</translation>
    </message>
    <message>
        <source>Lokal data använder:</source>
        <translation>Local data uses:</translation>
    </message>
    <message>
        <source>Varav offlinedokument:</source>
        <translation>Of which offline documents:</translation>
    </message>
    <message>
        <source>&amp;Töm dokumentcachen …</source>
        <translation>&amp;Empty the document cache …</translation>
    </message>
    <message>
        <source>Töm dokumentcachen</source>
        <translation>Empty the document cache</translation>
    </message>
    <message>
        <source>Tar bort alla offlinedokument från den här datorn nu. Ärenden, anteckningar och utkorgen finns kvar.</source>
        <translation>Removes all offline documents from this computer now. Cases, notes and the outbox are kept.</translation>
    </message>
    <message>
        <source>Mapp:</source>
        <translation>Folder:</translation>
    </message>
    <message>
        <source>Inloggad som {name}.</source>
        <translation>Signed in as {name}.</translation>
    </message>
    <message>
        <source>Konto</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>&amp;Logga ut</source>
        <translation>Sign &amp;out</translation>
    </message>
    <message>
        <source>Loggar ut på den här datorn. Det som väntar i utkorgen sparas till nästa inloggning.</source>
        <translation>Signs out on this computer. What is waiting in the outbox is kept until the next sign-in.</translation>
    </message>
    <message>
        <source>Logga ut och &amp;radera lokal data …</source>
        <translation>Sign out and &amp;delete local data …</translation>
    </message>
    <message>
        <source>Loggar ut och tar bort alla dina ärenden, dokument och utkorgen från den här datorn.</source>
        <translation>Signs out and removes all your cases, documents and the outbox from this computer.</translation>
    </message>
    <message>
        <source>Inbyggd demoplattform ({url})</source>
        <translation>Built-in demo platform ({url})</translation>
    </message>
    <message>
        <source>Spara s&amp;kickade ändringar i:</source>
        <translation>Keep &amp;sent changes for:</translation>
    </message>
    <message>
        <source>räknar …</source>
        <translation>counting …</translation>
    </message>
    <message>
        <source>Tömmer dokumentcachen …</source>
        <translation>Emptying the document cache …</translation>
    </message>
    <message>
        <source>Dokumentcachen kunde inte tömmas helt. Försök igen senare.</source>
        <translation>The document cache could not be emptied completely. Try again later.</translation>
    </message>
    <message>
        <source>{size} frigjordes. Dokumenten hämtas igen när du öppnar dem.</source>
        <translation>{size} freed. The documents are downloaded again when you open them.</translation>
    </message>
    <message>
        <source>Töm dokumentcachen?</source>
        <translation>Empty the document cache?</translation>
    </message>
    <message>
        <source>Alla offlinedokument tas bort från den här datorn ({size}).</source>
        <translation>All offline documents will be removed from this computer ({size}).</translation>
    </message>
    <message>
        <source>Ärenden, anteckningar och utkorgen finns kvar. Ett dokument hämtas igen från plattformen när du öppnar det, och då behöver du vara ansluten.</source>
        <translation>Cases, notes and the outbox are kept. A document is downloaded again from the platform when you open it, which needs a connection.</translation>
    </message>
    <message>
        <source>Töm</source>
        <translation>Empty</translation>
    </message>
    <message>
        <source>Radera lokal data?</source>
        <translation>Delete local data?</translation>
    </message>
    <message>
        <source>Du loggas ut och alla dina ärenden, dokument och anteckningar tas bort från den här datorn.</source>
        <translation>You will be signed out and all your cases, documents and notes will be removed from this computer.</translation>
    </message>
    <message>
        <source>1 ändring i utkorgen har inte skickats.</source>
        <translation>1 change in the outbox has not been sent.</translation>
    </message>
    <message>
        <source>{n} ändringar i utkorgen har inte skickats.</source>
        <translation>{n} changes in the outbox have not been sent.</translation>
    </message>
    <message>
        <source>Den försvinner för gott om du raderar nu. Vill du behålla den: avbryt, anslut till nätverket och vänta tills utkorgen är tom.</source>
        <translation>It will be lost for good if you delete now. To keep it: cancel, connect to the network and wait until the outbox is empty.</translation>
    </message>
    <message>
        <source>De försvinner för gott om du raderar nu. Vill du behålla dem: avbryt, anslut till nätverket och vänta tills utkorgen är tom.</source>
        <translation>They will be lost for good if you delete now. To keep them: cancel, connect to the network and wait until the outbox is empty.</translation>
    </message>
    <message>
        <source>Allt du har gjort har skickats till plattformen. Inget går förlorat där.</source>
        <translation>Everything you have done has been sent to the platform. Nothing is lost there.</translation>
    </message>
    <message>
        <source>Radera och logga ut</source>
        <translation>Delete and sign out</translation>
    </message>
</context>
<context>
    <name>SignInWindow</name>
    <message>
        <source>Logga in – Caseworker</source>
        <translation>Sign in – Caseworker</translation>
    </message>
    <message>
        <source>Logga in med din kommuns inloggning för att se dina ärenden.</source>
        <translation>Sign in with your municipality&apos;s sign-in to see your cases.</translation>
    </message>
    <message>
        <source>&amp;Plattform:</source>
        <translation>&amp;Platform:</translation>
    </message>
    <message>
        <source>Plattformens adress</source>
        <translation>Platform address</translation>
    </message>
    <message>
        <source>&amp;Logga in</source>
        <translation>&amp;Sign in</translation>
    </message>
    <message>
        <source>Logga in i webbläsaren</source>
        <translation>Sign in in the browser</translation>
    </message>
    <message>
        <source>Öppnar din webbläsare för inloggning hos kommunen</source>
        <translation>Opens your browser to sign in with the municipality</translation>
    </message>
    <message>
        <source>Avbryt</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Avbryt inloggningen</source>
        <translation>Cancel the sign-in</translation>
    </message>
    <message>
        <source>Pågår</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>Öppnades ingen webbläsare? Kopiera länken och öppna den i din webbläsare:</source>
        <translation>No browser opened? Copy the link and open it in your browser:</translation>
    </message>
    <message>
        <source>Länk till inloggningen</source>
        <translation>Sign-in link</translation>
    </message>
    <message>
        <source>&amp;Kopiera länk</source>
        <translation>&amp;Copy link</translation>
    </message>
    <message>
        <source>Kopiera länken till urklipp</source>
        <translation>Copy the link to the clipboard</translation>
    </message>
    <message>
        <source>Tidigare inloggade på den här datorn</source>
        <translation>Signed in on this computer before</translation>
    </message>
    <message>
        <source>Tidigare inloggade användare</source>
        <translation>Users signed in before</translation>
    </message>
    <message>
        <source>Demokonton</source>
        <translation>Demo accounts</translation>
    </message>
    <message>
        <source>Sandlådeplattformen har påhittade konton för övning. Välj ett för att logga in.</source>
        <translation>The sandbox platform has made-up accounts for practice. Choose one to sign in.</translation>
    </message>
    <message>
        <source>Inbyggd demoplattform ({url})</source>
        <translation>Built-in demo platform ({url})</translation>
    </message>
    <message>
        <source>Öppna utan att logga in igen (fungerar även offline)</source>
        <translation>Open without signing in again (works offline too)</translation>
    </message>
    <message>
        <source>Användarnamn: {user}</source>
        <translation>User name: {user}</translation>
    </message>
    <message>
        <source>handläggare</source>
        <translation>caseworker</translation>
    </message>
    <message>
        <source>byggnadsinspektör</source>
        <translation>building inspector</translation>
    </message>
    <message>
        <source>gruppledare</source>
        <translation>team lead</translation>
    </message>
    <message>
        <source>Inloggningen avbröts.</source>
        <translation>The sign-in was cancelled.</translation>
    </message>
    <message>
        <source>Inloggningen misslyckades. Försök igen.</source>
        <translation>The sign-in failed. Please try again.</translation>
    </message>
    <message>
        <source>Skriv plattformens adress, till exempel https://etjanst.kommun.se.</source>
        <translation>Enter the platform&apos;s address, for example https://etjanst.kommun.se.</translation>
    </message>
    <message>
        <source>Väntar på inloggningen i webbläsaren …</source>
        <translation>Waiting for the sign-in in the browser …</translation>
    </message>
    <message>
        <source>Inloggad. Hämtar din profil …</source>
        <translation>Signed in. Fetching your profile …</translation>
    </message>
    <message>
        <source>Webbläsaren kunde inte öppnas. Kopiera länken och öppna den i din webbläsare:</source>
        <translation>The browser could not be opened. Copy the link and open it in your browser:</translation>
    </message>
    <message>
        <source>Länken är kopierad. Klistra in den i webbläsarens adressfält.</source>
        <translation>The link is copied. Paste it into the browser&apos;s address bar.</translation>
    </message>
    <message>
        <source>Loggar in som {name} …</source>
        <translation>Signing in as {name} …</translation>
    </message>
    <message>
        <source>Öppnar {name} …</source>
        <translation>Opening {name} …</translation>
    </message>
    <message>
        <source>{name} behöver logga in igen.</source>
        <translation>{name} needs to sign in again.</translation>
    </message>
</context>
<context>
    <name>SupportActions</name>
    <message>
        <source>&amp;Kopiera diagnostik</source>
        <translation>&amp;Copy diagnostics</translation>
    </message>
    <message>
        <source>Kopierar version, system, mappar och synkstatus (inga personuppgifter) för supporten</source>
        <translation>Copies the version, system, folders and sync state (no personal data) for support</translation>
    </message>
    <message>
        <source>Licenser för &amp;tredje part …</source>
        <translation>&amp;Third-party licences …</translation>
    </message>
    <message>
        <source>Diagnostiken är kopierad. Klistra in den i ditt ärende till supporten.</source>
        <translation>The diagnostics have been copied. Paste them into your request to support.</translation>
    </message>
</context>
<context>
    <name>SyncIndicator</name>
    <message>
        <source>Hämtar ändringar</source>
        <translation>Fetching changes</translation>
    </message>
    <message>
        <source>Skickar</source>
        <translation>Sending</translation>
    </message>
    <message>
        <source>Laddar ned</source>
        <translation>Downloading</translation>
    </message>
    <message>
        <source>{total} i utkorgen ({problems} behöver åtgärd)</source>
        <translation>{total} in the outbox ({problems} need action)</translation>
    </message>
    <message>
        <source>{total} i utkorgen</source>
        <translation>{total} in the outbox</translation>
    </message>
    <message>
        <source>Synka nu (F5)</source>
        <translation>Sync now (F5)</translation>
    </message>
    <message>
        <source>Synkronisering pågår</source>
        <translation>Synchronisation in progress</translation>
    </message>
    <message>
        <source>Visa utkorgen</source>
        <translation>Show the outbox</translation>
    </message>
    <message>
        <source>Synkar</source>
        <translation>Syncing</translation>
    </message>
    <message>
        <source>{label}: {done} av {total}</source>
        <translation>{label}: {done} of {total}</translation>
    </message>
    <message>
        <source>Synkningen misslyckades: {error}</source>
        <translation>Sync failed: {error}</translation>
    </message>
    <message>
        <source>Utkorgen är tom</source>
        <translation>The outbox is empty</translation>
    </message>
    <message>
        <source>Offline sedan {time}</source>
        <translation>Offline since {time}</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Ansluter …</source>
        <translation>Connecting …</translation>
    </message>
    <message>
        <source>Synkad {time}</source>
        <translation>Synced {time}</translation>
    </message>
    <message>
        <source>Ansluten</source>
        <translation>Connected</translation>
    </message>
    <message>
        <source>Synkstatus: {state}. Klicka för att synka nu.</source>
        <translation>Sync status: {state}. Click to sync now.</translation>
    </message>
</context>
<context>
    <name>ThumbnailStrip</name>
    <message>
        <source>Sidor</source>
        <translation>Pages</translation>
    </message>
    <message>
        <source>Sida {page}</source>
        <translation>Page {page}</translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <source>{n} vecka.</source>
        <translation>{n} week.</translation>
    </message>
    <message>
        <source>{n} veckor.</source>
        <translation>{n} weeks.</translation>
    </message>
    <message>
        <source>Till {name}.</source>
        <translation>To {name}.</translation>
    </message>
    <message>
        <source>Systemet</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Konflikt</source>
        <translation>Conflict</translation>
    </message>
    <message>
        <source>Avvisad</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>Ej skickad ännu</source>
        <translation>Not sent yet</translation>
    </message>
    <message>
        <source>Händelser</source>
        <translation>History</translation>
    </message>
    <message>
        <source>Inga händelser sparade.</source>
        <translation>No history saved.</translation>
    </message>
</context>
<context>
    <name>UserMessage</name>
    <message>
        <source>Något gick fel i kontakten med plattformen. Försök igen.</source>
        <translation>Something went wrong in the contact with the platform. Try again.</translation>
    </message>
    <message>
        <source>Plattformens adress måste börja med https://. Okrypterad http tillåts bara till den egna datorn.</source>
        <translation>The platform&apos;s address must start with https://. Unencrypted http is allowed only to this computer.</translation>
    </message>
    <message>
        <source>Plattformen går inte att nå just nu (ingen anslutning eller nätverksfel). Det som inte har skickats ligger kvar och skickas när anslutningen är tillbaka.</source>
        <translation>The platform cannot be reached right now (no connection or a network error). What has not been sent stays and is sent when the connection is back.</translation>
    </message>
    <message>
        <source>Du har blivit utloggad. Logga in igen för att fortsätta; ändringar som väntar på att skickas finns kvar.</source>
        <translation>You have been signed out. Sign in again to continue; changes waiting to be sent are kept.</translation>
    </message>
    <message>
        <source>Du har inte behörighet att göra det här.</source>
        <translation>You are not allowed to do this.</translation>
    </message>
    <message>
        <source>Det finns inte, eller så har du inte tillgång till det.</source>
        <translation>It does not exist, or you do not have access to it.</translation>
    </message>
    <message>
        <source>Någon annan har ändrat detta sedan du hämtade det. Jämför deras version med din innan du fortsätter; din ändring är kvar.</source>
        <translation>Someone else has changed this since you fetched it. Compare their version with yours before you go on; your change is kept.</translation>
    </message>
    <message>
        <source>Plattformen godtog inte begäran. Kontrollera uppgifterna och försök igen.</source>
        <translation>The platform did not accept the request. Check the details and try again.</translation>
    </message>
    <message>
        <source>Den lokala kopian behöver hämtas om från början. Ändringar som väntar finns kvar.</source>
        <translation>The local copy needs to be fetched again from the start. Changes that are waiting are kept.</translation>
    </message>
    <message>
        <source>Plattformen har ett tekniskt fel just nu. Försök igen senare.</source>
        <translation>The platform has a technical fault right now. Try again later.</translation>
    </message>
    <message>
        <source>Plattformen är hårt belastad just nu. Försök igen om en stund.</source>
        <translation>The platform is heavily loaded right now. Try again in a while.</translation>
    </message>
    <message>
        <source>Plattformen svarade på ett oväntat sätt. Försök igen senare; kvarstår felet, kontakta support.</source>
        <translation>The platform answered in an unexpected way. Try again later; if the fault remains, contact support.</translation>
    </message>
    <message>
        <source>Inloggningen kom inte från den här appen (fel state). Försök igen.</source>
        <translation>The sign-in did not come from this app (wrong state). Try again.</translation>
    </message>
    <message>
        <source>Inloggningen avbröts eller nekades av plattformen.</source>
        <translation>The sign-in was cancelled or refused by the platform.</translation>
    </message>
    <message>
        <source>Plattformen godtog inte inloggningen. Logga in igen.</source>
        <translation>The platform did not accept the sign-in. Sign in again.</translation>
    </message>
    <message>
        <source>Bara en gruppledare kan fördela om ärenden till någon annan. Du kan ta ett ej tilldelat ärende eller lämna tillbaka ett eget.</source>
        <translation>Only a team lead can reassign cases to someone else. You can take an unassigned case or give back one of your own.</translation>
    </message>
    <message>
        <source>Demokontot kunde inte logga in.</source>
        <translation>The demo account could not sign in.</translation>
    </message>
    <message>
        <source> (Plattformens svar: </source>
        <translation> (The platform&apos;s answer: </translation>
    </message>
</context>
<context>
    <name>WindowMarkups</name>
    <message>
        <source>Markeringsverktyg</source>
        <translation>Markup tools</translation>
    </message>
</context>
<context>
    <name>Workload</name>
    <message>
        <source>{n} öppet</source>
        <translation>{n} open</translation>
    </message>
    <message>
        <source>{n} öppna</source>
        <translation>{n} open</translation>
    </message>
    <message>
        <source>{n} försenat</source>
        <translation>{n} overdue</translation>
    </message>
    <message>
        <source>{n} försenade</source>
        <translation>{n} overdue</translation>
    </message>
    <message>
        <source>jämnar ut risken för missade tidsfrister</source>
        <translation>evens out the risk of missed deadlines</translation>
    </message>
    <message>
        <source>jämnar ut belastningen</source>
        <translation>evens out the load</translation>
    </message>
    <message>
        <source>täcker frånvaron</source>
        <translation>covers the absence</translation>
    </message>
    <message>
        <source>försenat {n} dag</source>
        <translation>{n} day overdue</translation>
    </message>
    <message>
        <source>försenat {n} dagar</source>
        <translation>{n} days overdue</translation>
    </message>
    <message>
        <source>frist om {n} dag</source>
        <translation>due in {n} day</translation>
    </message>
    <message>
        <source>frist om {n} dagar</source>
        <translation>due in {n} days</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <source>Visa alla</source>
        <translation>Show all</translation>
    </message>
    <message>
        <source>{title}: {n} valda</source>
        <translation>{title}: {n} selected</translation>
    </message>
    <message>
        <source>Filtrera på {title}</source>
        <translation>Filter by {title}</translation>
    </message>
    <message>
        <source>Kön kunde inte läsas från den lokala lagringen.</source>
        <translation>The queue could not be read from the local storage.</translation>
    </message>
    <message>
        <source>Hämtar …</source>
        <translation>Loading …</translation>
    </message>
    <message>
        <source>Bokmärke och utkorg: stjärna = bokmärkt, blå pil = ändringar väntar på att skickas, röd triangel = en ändring behöver åtgärdas</source>
        <translation>Bookmark and outbox: star = bookmarked, blue arrow = changes waiting to be sent, red triangle = a change needs action</translation>
    </message>
    <message>
        <source>Diarienummer</source>
        <translation>Registration no.</translation>
    </message>
    <message>
        <source>Ärendets diarienummer</source>
        <translation>The case&apos;s registration number</translation>
    </message>
    <message>
        <source>Kommunen som handlägger ärendet</source>
        <translation>The municipality handling the case</translation>
    </message>
    <message>
        <source>Fastighet</source>
        <translation>Property</translation>
    </message>
    <message>
        <source>Fastighetsbeteckning</source>
        <translation>Property designation</translation>
    </message>
    <message>
        <source>Ärendetyp</source>
        <translation>Case type</translation>
    </message>
    <message>
        <source>Typ av ärende</source>
        <translation>Type of case</translation>
    </message>
    <message>
        <source>Sökande</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <source>Sökande (går inte att sortera: namnen lagras krypterat)</source>
        <translation>Applicant (cannot be sorted: the names are stored encrypted)</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Ärendets status</source>
        <translation>The case&apos;s status</translation>
    </message>
    <message>
        <source>Inkommen</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Dagen då ansökan kom in</source>
        <translation>The day the application was received</translation>
    </message>
    <message>
        <source>Tidsfrist</source>
        <translation>Time limit</translation>
    </message>
    <message>
        <source>Lagstadgad tidsfrist för beslut (PBL 9 kap. 27 §) och dagar kvar</source>
        <translation>Statutory time limit for the decision (PBL ch. 9 s. 27) and days left</translation>
    </message>
    <message>
        <source>Avgift i risk</source>
        <translation>Fee at risk</translation>
    </message>
    <message>
        <source>Avgiften sätts ned med en femtedel per påbörjad vecka efter tidsfristen (PBL 12 kap. 8 a §)</source>
        <translation>The fee is reduced by one fifth per started week after the time limit (PBL ch. 12 s. 8 a)</translation>
    </message>
    <message>
        <source>Handläggare</source>
        <translation>Case officer</translation>
    </message>
    <message>
        <source>Ärendets handläggare</source>
        <translation>The case&apos;s case officer</translation>
    </message>
    <message>
        <source>({n} d kvar)</source>
        <translation>({n} d left)</translation>
    </message>
    <message>
        <source>(i dag)</source>
        <translation>(today)</translation>
    </message>
    <message>
        <source>({n} d sen)</source>
        <translation>({n} d late)</translation>
    </message>
    <message>
        <source>Ej startad</source>
        <translation>Not started</translation>
    </message>
    <message>
        <source>Ej tilldelat</source>
        <translation>Unassigned</translation>
    </message>
    <message>
        <source>Tidsfristen har inte börjat löpa: den börjar när ansökan är komplett.</source>
        <translation>The time limit has not started: it starts when the application is complete.</translation>
    </message>
    <message>
        <source>Tidsfrist {date}. Ärendet är avgjort.</source>
        <translation>Time limit {date}. The case has been decided.</translation>
    </message>
    <message>
        <source>Tidsfristen gick ut {date}, för 1 dag sedan.</source>
        <translation>The time limit expired on {date}, 1 day ago.</translation>
    </message>
    <message>
        <source>Tidsfristen gick ut {date}, för {n} dagar sedan.</source>
        <translation>The time limit expired on {date}, {n} days ago.</translation>
    </message>
    <message>
        <source>Tidsfristen går ut i dag.</source>
        <translation>The time limit expires today.</translation>
    </message>
    <message>
        <source>Beslut senast {date}, om 1 dag.</source>
        <translation>Decision due by {date}, in 1 day.</translation>
    </message>
    <message>
        <source>Beslut senast {date}, om {n} dagar.</source>
        <translation>Decision due by {date}, in {n} days.</translation>
    </message>
    <message>
        <source>Avgift {fee}. Avgiften sätts inte ned för den här ärendetypen.</source>
        <translation>Fee {fee}. The fee is not reduced for this case type.</translation>
    </message>
    <message>
        <source>Avgift {fee}.</source>
        <translation>Fee {fee}.</translation>
    </message>
    <message>
        <source>Avgift {fee}. Tidsfristen är överskriden med {w} påbörjade veckor: avgiften sätts ned med {risk} (till {left}).</source>
        <translation>Fee {fee}. The time limit is exceeded by {w} started weeks: the fee is reduced by {risk} (to {left}).</translation>
    </message>
    <message>
        <source>Avgift {fee}. Efter tidsfristen sätts den ned med en femtedel ({fifth}) per påbörjad vecka.</source>
        <translation>Fee {fee}. After the time limit it is reduced by one fifth ({fifth}) per started week.</translation>
    </message>
    <message>
        <source>1 ändring väntar på att skickas</source>
        <translation>1 change waiting to be sent</translation>
    </message>
    <message>
        <source>{n} ändringar väntar på att skickas</source>
        <translation>{n} changes waiting to be sent</translation>
    </message>
    <message>
        <source>1 ändring behöver åtgärdas (se Utkorg)</source>
        <translation>1 change needs action (see Outbox)</translation>
    </message>
    <message>
        <source>{n} ändringar behöver åtgärdas (se Utkorg)</source>
        <translation>{n} changes need action (see Outbox)</translation>
    </message>
    <message>
        <source>Inga markeringar</source>
        <translation>No markers</translation>
    </message>
    <message>
        <source>Kommun</source>
        <translation>Municipality</translation>
    </message>
    <message>
        <source>(filtrerat)</source>
        <translation>(filtered)</translation>
    </message>
    <message>
        <source>Antal ärenden som visas med nuvarande filter och sökning</source>
        <translation>Number of cases shown with the current filters and search</translation>
    </message>
    <message>
        <source>Kunde inte läsa kön</source>
        <translation>Could not read the queue</translation>
    </message>
    <message>
        <source>Ta bort bokmärke</source>
        <translation>Remove bookmark</translation>
    </message>
    <message>
        <source>Bokmärk</source>
        <translation>Bookmark</translation>
    </message>
    <message>
        <source>Markera högst {n} ärenden åt gången</source>
        <translation>Select at most {n} cases at a time</translation>
    </message>
    <message>
        <source>Kopiera diarienummer</source>
        <translation>Copy registration number</translation>
    </message>
    <message>
        <source>Ärendemeny</source>
        <translation>Case menu</translation>
    </message>
    <message>
        <source>Bokmärket kunde inte sparas i den lokala lagringen.</source>
        <translation>The bookmark could not be saved in the local storage.</translation>
    </message>
    <message>
        <source>Bokmärkt</source>
        <translation>Bookmarked</translation>
    </message>
    <message>
        <source>{n} ärenden bokmärkta</source>
        <translation>{n} cases bookmarked</translation>
    </message>
    <message>
        <source>Bokmärket borttaget</source>
        <translation>Bookmark removed</translation>
    </message>
    <message>
        <source>Bokmärket borttaget från {n} ärenden</source>
        <translation>Bookmark removed from {n} cases</translation>
    </message>
    <message>
        <source>Kopierade {n} diarienummer</source>
        <translation>Copied {n} registration numbers</translation>
    </message>
    <message>
        <source>Kopierade {reg}</source>
        <translation>Copied {reg}</translation>
    </message>
    <message>
        <source>Gör tillgänglig offline</source>
        <translation>Make available offline</translation>
    </message>
    <message>
        <source>Sök diarienummer, fastighet eller sökande …</source>
        <translation>Search registration no., property or applicant …</translation>
    </message>
    <message>
        <source>Sök ärenden</source>
        <translation>Search cases</translation>
    </message>
    <message>
        <source>Sök på diarienummer, fastighetsbeteckning, ärendemening eller sökandens namn (Ctrl+F)</source>
        <translation>Search by registration number, property designation, case title or the applicant&apos;s name (Ctrl+F)</translation>
    </message>
    <message>
        <source>Rensa filter</source>
        <translation>Clear filters</translation>
    </message>
    <message>
        <source>Visa alla ärenden i kön: tar bort filter och sökning</source>
        <translation>Show every case in the queue: removes filters and search</translation>
    </message>
    <message>
        <source>Ärenden</source>
        <translation>Cases</translation>
    </message>
    <message>
        <source>Öppna</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Antal ärenden: {count}</source>
        <translation>Number of cases: {count}</translation>
    </message>
    <message>
        <source>Du ingår inte i något team.</source>
        <translation>You are not in a team.</translation>
    </message>
    <message>
        <source>Inga ärenden matchar sökningen eller filtren.</source>
        <translation>No cases match the search or the filters.</translation>
    </message>
    <message>
        <source>Du har inga ärenden tilldelade just nu.</source>
        <translation>You have no cases assigned right now.</translation>
    </message>
    <message>
        <source>Det finns inga otilldelade ärenden.</source>
        <translation>There are no unassigned cases.</translation>
    </message>
    <message>
        <source>Teamet har inga ärenden.</source>
        <translation>The team has no cases.</translation>
    </message>
    <message>
        <source>Det finns inga ärenden i den lokala lagringen ännu.</source>
        <translation>There are no cases in the local storage yet.</translation>
    </message>
    <message>
        <source>Inga bokmärkta ärenden. Bokmärk ett ärende med Ctrl+D.</source>
        <translation>No bookmarked cases. Bookmark a case with Ctrl+D.</translation>
    </message>
    <message>
        <source>Enter öppnar ärendet, menytangenten visar fler val</source>
        <translation>Enter opens the case, the menu key shows more choices</translation>
    </message>
    <message>
        <source>Avbryt</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Hämtar {reg} med handlingar ({i} av {n}) …</source>
        <translation>Downloading {reg} with documents ({i} of {n}) …</translation>
    </message>
    <message>
        <source>{reg} finns nu offline</source>
        <translation>{reg} is now available offline</translation>
    </message>
    <message>
        <source>{n} ärenden finns nu offline</source>
        <translation>{n} cases are now available offline</translation>
    </message>
    <message>
        <source>Hämtningen avbröts</source>
        <translation>The download was cancelled</translation>
    </message>
</context>
<context>
    <name>queue</name>
    <message>
        <source>Nybyggnad enbostadshus</source>
        <translation>New single-family house</translation>
    </message>
    <message>
        <source>Nybyggnad flerbostadshus</source>
        <translation>New apartment building</translation>
    </message>
    <message>
        <source>Nybyggnad industri</source>
        <translation>New industrial building</translation>
    </message>
    <message>
        <source>Tillbyggnad</source>
        <translation>Extension</translation>
    </message>
    <message>
        <source>Fasadändring</source>
        <translation>Facade change</translation>
    </message>
    <message>
        <source>Rivningslov</source>
        <translation>Demolition permit</translation>
    </message>
    <message>
        <source>Marklov</source>
        <translation>Site permit</translation>
    </message>
    <message>
        <source>Förhandsbesked</source>
        <translation>Outline planning decision</translation>
    </message>
    <message>
        <source>Strandskyddsdispens</source>
        <translation>Shoreline protection exemption</translation>
    </message>
    <message>
        <source>Anmälan attefallsåtgärd</source>
        <translation>Attefall notification</translation>
    </message>
    <message>
        <source>Bygglov för nybyggnad av enbostadshus</source>
        <translation>Building permit for a new single-family house</translation>
    </message>
    <message>
        <source>Bygglov för nybyggnad av flerbostadshus</source>
        <translation>Building permit for a new apartment building</translation>
    </message>
    <message>
        <source>Bygglov för nybyggnad av industribyggnad</source>
        <translation>Building permit for a new industrial building</translation>
    </message>
    <message>
        <source>Bygglov för tillbyggnad</source>
        <translation>Building permit for an extension</translation>
    </message>
    <message>
        <source>Bygglov för fasadändring</source>
        <translation>Building permit for a facade change</translation>
    </message>
    <message>
        <source>Dispens från strandskyddet</source>
        <translation>Exemption from shoreline protection</translation>
    </message>
    <message>
        <source>Anmälan om attefallsåtgärd</source>
        <translation>Notification of an Attefall measure</translation>
    </message>
    <message>
        <source>Försenade</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>≤ 7 dagar</source>
        <translation>≤ 7 days</translation>
    </message>
    <message>
        <source>Senare</source>
        <translation>Later</translation>
    </message>
    <message>
        <source>Ingen frist</source>
        <translation>No deadline</translation>
    </message>
    <message>
        <source>Öppna ärenden vars tidsfrist har passerat</source>
        <translation>Open cases whose deadline has passed</translation>
    </message>
    <message>
        <source>Öppna ärenden med tidsfrist inom 7 dagar</source>
        <translation>Open cases with a deadline within 7 days</translation>
    </message>
    <message>
        <source>Öppna ärenden med tidsfrist om mer än 7 dagar</source>
        <translation>Open cases with a deadline more than 7 days away</translation>
    </message>
    <message>
        <source>Fristen har inte börjat löpa, eller ärendet är avgjort</source>
        <translation>The deadline has not started, or the case is decided</translation>
    </message>
</context>
</TS>
