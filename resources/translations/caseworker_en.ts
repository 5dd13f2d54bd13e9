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
</context>
<context>
    <name>AppController</name>
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
        <source>Du kan ändå arbeta nu: nyckeln finns då bara i minnet tills du stänger appen. Nästa gång måste du logga in igen och den lokala kopian hämtas om; det som inte hunnit skickas från utkorgen kan då inte läsas.</source>
        <translation>You can still work now: the key is then kept in memory only until you close the app. Next time you must sign in again and the local copy is downloaded again; anything not yet sent from the outbox can then no longer be read.</translation>
    </message>
    <message>
        <source>Fortsätt utan att spara</source>
        <translation>Continue without saving</translation>
    </message>
    <message>
        <source>Dina ändringar i utkorgen finns kvar och skickas när du har loggat in igen.</source>
        <translation>Your changes in the outbox are kept and will be sent once you have signed in again.</translation>
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
        <source>Navigering: köer och utkorg</source>
        <translation>Navigation: queues and outbox</translation>
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
</context>
<context>
    <name>NavigationSidebar</name>
    <message>
        <source>Navigering</source>
        <translation>Navigation</translation>
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
        <source>Du ser den senast synkade kopian. Det du gör sparas i utkorgen och skickas när anslutningen är tillbaka.</source>
        <translation>You are seeing the last synced copy. What you do is saved in the outbox and sent when the connection is back.</translation>
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
        <source>Spara &amp;skickade ändringar i:</source>
        <translation>Keep &amp;sent changes for:</translation>
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
        <source>Lokal data använder:</source>
        <translation>Local data uses:</translation>
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
        <source>räknar …</source>
        <translation>counting …</translation>
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
        <source>Inga markeringar</source>
        <translation>Nothing selected</translation>
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
        <translation>On referral</translation>
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
