<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>Watches FlowMusic generation jobs until they finish, then shows, plays and downloads the songs.</source>
        <translation>Beobachtet FlowMusic-Generierungsjobs, bis sie fertig sind, und zeigt, spielt und lädt dann die Songs herunter.</translation>
    </message>
    <message>
        <source>Version {version}</source>
        <translation>Version {version}</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Cache</source>
        <translation>Cache</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Protokolle</translation>
    </message>
    <message>
        <source>About {app}</source>
        <translation>Über {app}</translation>
    </message>
</context>
<context>
    <name>AccountText</name>
    <message>
        <source>No accounts on the token</source>
        <translation>Keine Konten auf dem Token</translation>
    </message>
    <message>
        <source>Accounts: reading…</source>
        <translation>Konten: werden gelesen…</translation>
    </message>
    <message numerus="yes">
        <source>%Ln running</source>
        <translation>
            <numerusform>%Ln laufend</numerusform>
            <numerusform>%Ln laufend</numerusform>
        </translation>
    </message>
    <message>
        <source>lowest {credits} credits</source>
        <translation>niedrigster Stand {credits} Credits</translation>
    </message>
    <message numerus="yes">
        <source>%Ln need(s) attention</source>
        <translation>
            <numerusform>%Ln braucht Aufmerksamkeit</numerusform>
            <numerusform>%Ln brauchen Aufmerksamkeit</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln account(s)</source>
        <translation>
            <numerusform>%Ln Konto</numerusform>
            <numerusform>%Ln Konten</numerusform>
        </translation>
    </message>
    <message>
        <source>Error: {error}</source>
        <translation>Fehler: {error}</translation>
    </message>
    <message>
        <source>Error: {error} {remedy}</source>
        <translation>Fehler: {error} {remedy}</translation>
    </message>
    <message>
        <source>Healthy</source>
        <translation>In Ordnung</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Wird geprüft…</translation>
    </message>
</context>
<context>
    <name>Accounts</name>
    <message>
        <source>Re-add the account at useapi.net; its jobs wait and resume by themselves when it is healthy again.</source>
        <extracomment>The least time between two balance reads of one account, and between two reads of the account list. After a job of an account finishes, its balance is read this much later (finishes close together share one). What fixes an account in the error state; said with its name.</extracomment>
        <translation>Fügen Sie das Konto bei useapi.net erneut hinzu; seine Jobs warten und laufen von selbst weiter, sobald es wieder in Ordnung ist.</translation>
    </message>
</context>
<context>
    <name>AccountsController</name>
    <message>
        <source>Accounts</source>
        <translation>Konten</translation>
    </message>
    <message>
        <source>The accounts on your token: running jobs, credits and health</source>
        <translation>Die Konten Ihres Tokens: laufende Jobs, Credits und Zustand</translation>
    </message>
    <message>
        <source>Lowest balance: {email}</source>
        <translation>Niedrigstes Guthaben: {email}</translation>
    </message>
    <message>
        <source>Needs attention: {accounts}</source>
        <translation>Braucht Aufmerksamkeit: {accounts}</translation>
    </message>
    <message>
        <source>The account {email} is in an error state: FlowMusic rejected its sign-in. {remedy}</source>
        <translation>Das Konto {email} ist in einem Fehlerzustand: FlowMusic hat seine Anmeldung abgelehnt. {remedy}</translation>
    </message>
    <message>
        <source>Accounts…</source>
        <translation>Konten…</translation>
    </message>
    <message>
        <source>The account {email} answers again: its jobs resume.</source>
        <translation>Das Konto {email} antwortet wieder: Seine Jobs laufen weiter.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln new job(s) found on {email}</source>
        <translation>
            <numerusform>%Ln neuer Job in {email} gefunden</numerusform>
            <numerusform>%Ln neue Jobs in {email} gefunden</numerusform>
        </translation>
    </message>
    <message>
        <source>{job}, found on {email}, does not exist (the API answered 404); it was taken off the list.</source>
        <translation>{job}, gefunden bei {email}, existiert nicht (die API antwortete 404); der Auftrag wurde von der Liste genommen.</translation>
    </message>
    <message>
        <source>an account</source>
        <translation>einem Konto</translation>
    </message>
    <message numerus="yes">
        <source>Cancelling %Ln job(s)…</source>
        <translation>
            <numerusform>%Ln Job wird abgebrochen…</numerusform>
            <numerusform>%Ln Jobs werden abgebrochen…</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelled: the songs may still finish.</source>
        <translation>Abgebrochen: Die Songs können trotzdem noch fertig werden.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln job(s) could not be cancelled.</source>
        <translation>
            <numerusform>%Ln Job konnte nicht abgebrochen werden.</numerusform>
            <numerusform>%Ln Jobs konnten nicht abgebrochen werden.</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not cancel {job}: {error}</source>
        <translation>{job} konnte nicht abgebrochen werden: {error}</translation>
    </message>
</context>
<context>
    <name>AccountsDialog</name>
    <message>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Laufend</translation>
    </message>
    <message>
        <source>Credits</source>
        <translation>Credits</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>Konten</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Read the accounts and their balances again now</source>
        <translation>Die Konten und ihre Guthaben jetzt neu lesen</translation>
    </message>
    <message>
        <source>The accounts could not be read: {message}</source>
        <translation>Die Konten konnten nicht gelesen werden: {message}</translation>
    </message>
    <message>
        <source>No accounts read yet.</source>
        <translation>Noch keine Konten gelesen.</translation>
    </message>
</context>
<context>
    <name>ActivityButton</name>
    <message>
        <source>Recent activity</source>
        <translation>Letzte Aktivität</translation>
    </message>
    <message numerus="yes">
        <source>%n new events: show recent activity</source>
        <translation>
            <numerusform>%n neues Ereignis: letzte Aktivität anzeigen</numerusform>
            <numerusform>%n neue Ereignisse: letzte Aktivität anzeigen</numerusform>
        </translation>
    </message>
    <message>
        <source>Show recent activity</source>
        <translation>Letzte Aktivität anzeigen</translation>
    </message>
</context>
<context>
    <name>ActivityPopup</name>
    <message>
        <source>Recent activity</source>
        <translation>Letzte Aktivität</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>Nothing yet: finished songs, failures and problems are listed here.</source>
        <translation>Noch nichts: Fertige Songs, Fehlschläge und Probleme werden hier aufgeführt.</translation>
    </message>
</context>
<context>
    <name>AddJobsDialog</name>
    <message>
        <source>Add jobs</source>
        <translation>Jobs hinzufügen</translation>
    </message>
    <message>
        <source>Paste job ids, a list of them, or the JSON answer of POST /music: every job id in the text is added.</source>
        <translation>Fügen Sie Job-IDs ein, eine Liste davon oder die JSON-Antwort von POST /music: Jede Job-ID im Text wird hinzugefügt.</translation>
    </message>
    <message numerus="yes">
        <source>Add %Ln job(s)</source>
        <translation>
            <numerusform>%Ln Job hinzufügen</numerusform>
            <numerusform>%Ln Jobs hinzufügen</numerusform>
        </translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Could not start: {error}</source>
        <extracomment>Imported on a worker right after the first paint, so that building the pane and starting the backend on the GUI thread find them loaded. Plain Python and QtCore only: nothing here makes a widget.</extracomment>
        <translation>Start fehlgeschlagen: {error}</translation>
    </message>
    <message>
        <source>another launch (the demo looks them up on its simulator)</source>
        <translation>einem weiteren Start (die Demo sucht sie in ihrem Simulator)</translation>
    </message>
    <message>
        <source>another launch</source>
        <translation>einem weiteren Programmstart</translation>
    </message>
    <message>
        <source>the command line</source>
        <translation>der Befehlszeile</translation>
    </message>
</context>
<context>
    <name>Autostart</name>
    <message>
        <source>Could not write {path}: {error}</source>
        <translation>{path} konnte nicht geschrieben werden: {error}</translation>
    </message>
    <message>
        <source>Could not remove {path}: {error}</source>
        <translation>{path} konnte nicht entfernt werden: {error}</translation>
    </message>
</context>
<context>
    <name>CancelText</name>
    <message>
        <source>Cancel this job? The song may still finish, and its credits are spent either way. Cancelling frees the account&apos;s slot for another job.</source>
        <translation>Diesen Job abbrechen? Der Song wird vielleicht trotzdem fertig, und seine Credits sind so oder so verbraucht. Das Abbrechen gibt den Platz des Kontos für einen anderen Job frei.</translation>
    </message>
    <message numerus="yes">
        <source>Cancel these %Ln jobs? The songs may still finish, and their credits are spent either way. Cancelling frees the accounts&apos; slots for other jobs.</source>
        <translation>
            <numerusform>Diesen %Ln Job abbrechen? Der Song wird vielleicht trotzdem fertig, und seine Credits sind so oder so verbraucht. Das Abbrechen gibt den Platz des Kontos für einen anderen Job frei.</numerusform>
            <numerusform>Diese %Ln Jobs abbrechen? Die Songs werden vielleicht trotzdem fertig, und ihre Credits sind so oder so verbraucht. Das Abbrechen gibt die Plätze der Konten für andere Jobs frei.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel jobs</source>
        <translation>Jobs abbrechen</translation>
    </message>
    <message>
        <source>Cancel job</source>
        <translation>Job abbrechen</translation>
    </message>
    <message>
        <source>Keep running</source>
        <translation>Weiterlaufen lassen</translation>
    </message>
</context>
<context>
    <name>ClipCard</name>
    <message>
        <source>Cover</source>
        <translation>Cover</translation>
    </message>
    <message>
        <source>This clip has no cover image.</source>
        <translation>Dieser Clip hat kein Coverbild.</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>Ohne Titel</translation>
    </message>
    <message>
        <source>Clip title</source>
        <translation>Clip-Titel</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>Länge</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>The record has no clip id.</source>
        <translation>Der Datensatz hat keine Clip-ID.</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy the clip id</source>
        <translation>Clip-ID kopieren</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Abspielen</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>The record has no http or https audio link.</source>
        <translation>Der Datensatz hat keinen HTTP- oder HTTPS-Audiolink.</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Open the song in another program</source>
        <translation>Den Song in einem anderen Programm öffnen</translation>
    </message>
    <message>
        <source>The record has no http or https link to the audio.</source>
        <translation>Der Datensatz hat keinen HTTP- oder HTTPS-Link zum Audio.</translation>
    </message>
    <message>
        <source>The record has no http or https link to the WAV.</source>
        <translation>Der Datensatz hat keinen HTTP- oder HTTPS-Link zur WAV-Datei.</translation>
    </message>
    <message>
        <source>Copy link</source>
        <translation>Link kopieren</translation>
    </message>
    <message>
        <source>Lyrics as text (.txt)…</source>
        <translation>Songtext als Text (.txt)…</translation>
    </message>
    <message>
        <source>Synced lyrics (.lrc)…</source>
        <translation>Synchronisierter Songtext (.lrc)…</translation>
    </message>
    <message>
        <source>Audio</source>
        <translation>Audio</translation>
    </message>
    <message>
        <source>Stop downloading the audio</source>
        <translation>Herunterladen des Audios abbrechen</translation>
    </message>
    <message>
        <source>WAV</source>
        <translation>WAV</translation>
    </message>
    <message>
        <source>Audio (m4a)</source>
        <translation>Audio (m4a)</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Herunterladen</translation>
    </message>
    <message>
        <source>Save the song in a format</source>
        <translation>Den Song in einem Format speichern</translation>
    </message>
    <message>
        <source>mp3</source>
        <translation>mp3</translation>
    </message>
    <message>
        <source>An mp3 made by the API (needs the API token)</source>
        <translation>Eine mp3, von der API erzeugt (braucht das API-Token)</translation>
    </message>
    <message>
        <source>The record has no clip id, which the mp3 download needs.</source>
        <translation>Der Datensatz hat keine Clip-ID, die der mp3-Download braucht.</translation>
    </message>
    <message>
        <source>Copy the audio link: {link}</source>
        <translation>Den Audio-Link kopieren: {link}</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Save the record or the lyrics</source>
        <translation>Den Datensatz oder den Liedtext speichern</translation>
    </message>
    <message>
        <source>Job record (.json)…</source>
        <translation>Job-Datensatz (.json)…</translation>
    </message>
    <message>
        <source>Make</source>
        <translation>Erstellen</translation>
    </message>
    <message>
        <source>Make from this take: extend, replace a region, cover, remix, effect, stems</source>
        <translation>Aus diesem Take erstellen: verlängern, einen Bereich ersetzen, Cover, Remix, Effekt, Stems</translation>
    </message>
    <message>
        <source>Keeper</source>
        <translation>Behalten</translation>
    </message>
    <message>
        <source>Kept</source>
        <translation>Behalten</translation>
    </message>
    <message>
        <source>Not kept</source>
        <translation>Nicht behalten</translation>
    </message>
    <message>
        <source>The record has no clip id, which a keeper is kept by.</source>
        <translation>Der Datensatz hat keine Clip-ID, über die ein Favorit gemerkt wird.</translation>
    </message>
    <message>
        <source>The keeper: click to unmark this take</source>
        <translation>Dieser Take wird behalten: klicken, um die Markierung zu entfernen</translation>
    </message>
    <message>
        <source>Mark this take as the keeper (Downloads can fetch kept takes only)</source>
        <translation>Diesen Take als Favorit markieren (Downloads können nur behaltene Takes laden)</translation>
    </message>
    <message>
        <source>Extend…</source>
        <translation>Verlängern…</translation>
    </message>
    <message>
        <source>Replace a region…</source>
        <translation>Einen Bereich ersetzen…</translation>
    </message>
    <message>
        <source>Cover…</source>
        <translation>Cover…</translation>
    </message>
    <message>
        <source>Remix…</source>
        <translation>Remix…</translation>
    </message>
    <message>
        <source>Effect…</source>
        <translation>Effekt…</translation>
    </message>
    <message>
        <source>Stems…</source>
        <translation>Stems…</translation>
    </message>
    <message>
        <source>Stop downloading the WAV</source>
        <translation>Herunterladen der WAV-Datei abbrechen</translation>
    </message>
    <message>
        <source>Stop downloading the mp3</source>
        <translation>Den mp3-Download abbrechen</translation>
    </message>
    <message numerus="yes">
        <source>%Ln timing marker(s): too many to draw on a strip.</source>
        <translation>
            <numerusform>%Ln Zeitmarke: zu viele für einen Zeitstreifen.</numerusform>
            <numerusform>%Ln Zeitmarken: zu viele für einen Zeitstreifen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Instrumental: no lyrics.</source>
        <translation>Instrumental: kein Songtext.</translation>
    </message>
    <message>
        <source>The lyrics are empty.</source>
        <translation>Der Songtext ist leer.</translation>
    </message>
    <message>
        <source>Lyrics timing</source>
        <translation>Zeitmarken des Songtexts</translation>
    </message>
    <message>
        <source>Show the lyrics 0.1 s earlier (the highlight comes late)</source>
        <translation>Den Songtext 0,1 s früher zeigen (die Markierung kommt zu spät)</translation>
    </message>
    <message>
        <source>Lyrics earlier</source>
        <translation>Songtext früher</translation>
    </message>
    <message>
        <source>Show the lyrics 0.1 s later (the highlight comes early)</source>
        <translation>Den Songtext 0,1 s später zeigen (die Markierung kommt zu früh)</translation>
    </message>
    <message>
        <source>Lyrics later</source>
        <translation>Songtext später</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
</context>
<context>
    <name>ClipDownloads</name>
    <message>
        <source>Nothing on this system could open the folder {folder}.</source>
        <translation>Nichts auf diesem System konnte den Ordner {folder} öffnen.</translation>
    </message>
    <message>
        <source>Only http and https links are downloaded.</source>
        <translation>Nur HTTP- und HTTPS-Links werden heruntergeladen.</translation>
    </message>
    <message>
        <source>No WAV links to download in the selected jobs.</source>
        <translation>Die ausgewählten Jobs haben keine WAV-Links zum Herunterladen.</translation>
    </message>
</context>
<context>
    <name>ClipPage</name>
    <message>
        <source>The record lists no clips.</source>
        <translation>Der Datensatz enthält keine Clips.</translation>
    </message>
    <message>
        <source>Takes</source>
        <translation>Takes</translation>
    </message>
    <message>
        <source>Clip</source>
        <translation>Clip</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>Lautstärke</translation>
    </message>
    <message>
        <source>%1, kept</source>
        <translation>%1, behalten</translation>
    </message>
    <message numerus="yes">
        <source>… and %Ln more clip(s).</source>
        <translation>
            <numerusform>… und %Ln weiterer Clip.</numerusform>
            <numerusform>… und %Ln weitere Clips.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Show %Ln more</source>
        <translation>
            <numerusform>%Ln weiteren anzeigen</numerusform>
            <numerusform>%Ln weitere anzeigen</numerusform>
        </translation>
    </message>
    <message>
        <source>Take %1</source>
        <translation>Take %1</translation>
    </message>
</context>
<context>
    <name>Covers</name>
    <message>
        <source>The cover is not an image this app can read.</source>
        <translation>Das Cover ist kein Bild, das diese App lesen kann.</translation>
    </message>
    <message>
        <source>The cover is too large ({width}×{height} pixels).</source>
        <translation>Das Cover ist zu groß ({width}×{height} Pixel).</translation>
    </message>
    <message>
        <source>The cover could not be decoded ({error}).</source>
        <translation>Das Cover konnte nicht dekodiert werden ({error}).</translation>
    </message>
</context>
<context>
    <name>DemoText</name>
    <message numerus="yes">
        <source>You downloaded %n file(s) in the demo. The demo&apos;s folder is deleted when it closes: keep them in {folder}?</source>
        <translation>
            <numerusform>Sie haben in der Demo %n Datei geladen. Der Ordner der Demo wird beim Schließen gelöscht: Datei in {folder} behalten?</numerusform>
            <numerusform>Sie haben in der Demo %n Dateien geladen. Der Ordner der Demo wird beim Schließen gelöscht: Dateien in {folder} behalten?</numerusform>
        </translation>
    </message>
    <message>
        <source>The demo&apos;s downloads</source>
        <translation>Die Downloads der Demo</translation>
    </message>
    <message>
        <source>Keep them</source>
        <translation>Behalten</translation>
    </message>
    <message>
        <source>Delete them</source>
        <translation>Löschen</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <source>Select a job to see its clips.
Paste job ids with Ctrl+V to track new ones.</source>
        <translation>Wählen Sie einen Job aus, um seine Clips zu sehen.
Fügen Sie Job-IDs mit Strg+V ein, um neue zu verfolgen.</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>Ohne Titel</translation>
    </message>
    <message>
        <source>made in %1</source>
        <translation>erstellt in %1</translation>
    </message>
    <message>
        <source>The cover link is not an http or https URL.</source>
        <translation>Der Cover-Link ist keine HTTP- oder HTTPS-URL.</translation>
    </message>
    <message>
        <source>Copied the job id.</source>
        <translation>Job-ID kopiert.</translation>
    </message>
    <message>
        <source>Copied the clip id.</source>
        <translation>Clip-ID kopiert.</translation>
    </message>
    <message>
        <source>Copied the link.</source>
        <translation>Link kopiert.</translation>
    </message>
    <message>
        <source>Copied.</source>
        <translation>Kopiert.</translation>
    </message>
    <message>
        <source>Only http and https links are opened.</source>
        <translation>Nur HTTP- und HTTPS-Links werden geöffnet.</translation>
    </message>
    <message>
        <source>The system could not open the link.</source>
        <translation>Das System konnte den Link nicht öffnen.</translation>
    </message>
</context>
<context>
    <name>DownloadNote</name>
    <message>
        <source>Already downloaded: {name}</source>
        <extracomment>The card&apos;s kinds and the formats they download.</extracomment>
        <translation>Schon heruntergeladen: {name}</translation>
    </message>
    <message>
        <source>Saved {name}</source>
        <translation>{name} gespeichert</translation>
    </message>
    <message>
        <source>{saved} ({warning})</source>
        <translation>{saved} ({warning})</translation>
    </message>
    <message>
        <source>Download cancelled.</source>
        <translation>Download abgebrochen.</translation>
    </message>
    <message>
        <source>The download failed.</source>
        <translation>Der Download ist fehlgeschlagen.</translation>
    </message>
</context>
<context>
    <name>DownloadSettingsGroup</name>
    <message>
        <source>m4a (AAC audio, from the clip&apos;s link)</source>
        <translation>m4a (AAC-Audio, über den Link des Clips)</translation>
    </message>
    <message>
        <source>WAV (lossless master)</source>
        <translation>WAV (verlustfreies Master)</translation>
    </message>
    <message>
        <source>mp3 (from the API, with the token)</source>
        <translation>mp3 (von der API, mit dem Token)</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>Downloads</translation>
    </message>
    <message>
        <source>Default format:</source>
        <translation>Standardformat:</translation>
    </message>
    <message>
        <source>Placeholders: {title} {take} {clip} {job} {date} {account} {format}; a / makes a folder</source>
        <translation>Platzhalter: {title} {take} {clip} {job} {date} {account} {format}; ein / legt einen Ordner an</translation>
    </message>
    <message>
        <source>File name:</source>
        <translation>Dateiname:</translation>
    </message>
    <message>
        <source>Write tags: title, artist, album, date, prompt, cover and lyrics</source>
        <translation>Tags schreiben: Titel, Interpret, Album, Datum, Prompt, Cover und Songtext</translation>
    </message>
    <message>
        <source>Title tag:</source>
        <translation>Titel-Tag:</translation>
    </message>
    <message>
        <source>Artist tag:</source>
        <translation>Interpret-Tag:</translation>
    </message>
    <message>
        <source>Album tag:</source>
        <translation>Album-Tag:</translation>
    </message>
    <message>
        <source>Also save synced lyrics (.lrc) beside mp3 and WAV files</source>
        <translation>Auch synchronisierten Songtext (.lrc) neben mp3- und WAV-Dateien speichern</translation>
    </message>
    <message>
        <source>Kept takes only: Download clips and Download all WAVs fetch only the takes starred as keepers</source>
        <translation>Nur behaltene Takes: Clips herunterladen und Alle WAVs herunterladen laden nur die mit dem Stern markierten Takes</translation>
    </message>
    <message>
        <source>File name: {problem}</source>
        <translation>Dateiname: {problem}</translation>
    </message>
    <message>
        <source>For example: {path}</source>
        <translation>Zum Beispiel: {path}</translation>
    </message>
</context>
<context>
    <name>DownloadText</name>
    <message>
        <source>Already downloaded</source>
        <translation>Schon heruntergeladen</translation>
    </message>
    <message numerus="yes">
        <source>Done, {size} (%Ln warning(s))</source>
        <translation>
            <numerusform>Fertig, {size} (%Ln Warnung)</numerusform>
            <numerusform>Fertig, {size} (%Ln Warnungen)</numerusform>
        </translation>
    </message>
    <message>
        <source>Done, {size}</source>
        <translation>Fertig, {size}</translation>
    </message>
    <message>
        <source>Failed: {problem}</source>
        <translation>Fehlgeschlagen: {problem}</translation>
    </message>
    <message>
        <source>unknown reason</source>
        <translation>unbekannter Grund</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>In der Warteschlange</translation>
    </message>
    <message>
        <source>{percent}% of {size}</source>
        <translation>{percent} % von {size}</translation>
    </message>
    <message>
        <source>{size}/s</source>
        <translation>{size}/s</translation>
    </message>
</context>
<context>
    <name>DownloadsCoordinator</name>
    <message>
        <source>No kept takes in the selection: star the takes to keep in the detail view, or turn off Jobs → Kept takes only.</source>
        <translation>Die Auswahl enthält keine behaltenen Takes: Markieren Sie die gewünschten Takes in der Detailansicht mit dem Stern, oder schalten Sie Jobs → Nur behaltene Takes aus.</translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) without a kept take skipped (Kept takes only).</source>
        <translation>
            <numerusform>%n Job ohne behaltenen Take übersprungen (Nur behaltene Takes).</numerusform>
            <numerusform>%n Jobs ohne behaltenen Take übersprungen (Nur behaltene Takes).</numerusform>
        </translation>
    </message>
    <message>
        <source>No finished clips in the selection.</source>
        <translation>Die Auswahl enthält keine fertigen Clips.</translation>
    </message>
    <message>
        <source>Set the API token first: the library is read with it.</source>
        <translation>Legen Sie zuerst das API-Token fest: Die Bibliothek wird damit gelesen.</translation>
    </message>
    <message>
        <source>Library: {summary}</source>
        <translation>Bibliothek: {summary}</translation>
    </message>
</context>
<context>
    <name>DownloadsModel</name>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Geschwindigkeit</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>Verbleibend</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Datei</translation>
    </message>
</context>
<context>
    <name>DownloadsPanel</name>
    <message>
        <source>Downloads</source>
        <translation>Downloads</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>Im Ordner zeigen</translation>
    </message>
    <message>
        <source>Locate…</source>
        <translation>Suchen…</translation>
    </message>
    <message>
        <source>Moved or renamed a downloaded file? Point at it, and it is not fetched again</source>
        <translation>Eine heruntergeladene Datei verschoben oder umbenannt? Zeigen Sie darauf, dann wird sie nicht erneut geladen</translation>
    </message>
    <message>
        <source>Rescan library</source>
        <translation>Bibliothek neu durchsuchen</translation>
    </message>
    <message>
        <source>Look through the download folder for files you renamed or moved: each is recognised by the clip id in its tags and is not fetched again</source>
        <translation>Den Download-Ordner nach umbenannten oder verschobenen Dateien durchsuchen: Jede wird an der Clip-ID in ihren Tags erkannt und nicht erneut geladen</translation>
    </message>
    <message>
        <source>Clear finished</source>
        <translation>Fertige entfernen</translation>
    </message>
    <message>
        <source>Download my library…</source>
        <translation>Meine Bibliothek herunterladen…</translation>
    </message>
    <message>
        <source>Demo: downloads go to {folder}, a temporary folder deleted when the demo closes; you are asked then whether to keep them.</source>
        <translation>Demo: Downloads landen in {folder}, einem temporären Ordner, der beim Schließen der Demo gelöscht wird; dann werden Sie gefragt, ob Sie sie behalten möchten.</translation>
    </message>
    <message>
        <source>Nothing on this system could open {path}: open it from your file manager.</source>
        <translation>Nichts auf diesem System konnte {path} öffnen: Öffnen Sie die Datei im Dateimanager.</translation>
    </message>
    <message>
        <source>Where is {title} now?</source>
        <translation>Wo ist {title} jetzt?</translation>
    </message>
    <message>
        <source>{format} files (*.{format});;All files (*)</source>
        <translation>{format}-Dateien (*.{format});;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Looking through the download folder…</source>
        <translation>Download-Ordner wird durchsucht…</translation>
    </message>
    <message>
        <source>Rescanned {folder}: {files} audio files; {moved} found at a new place, {added} newly recognised, {known} where they were</source>
        <translation>{folder} durchsucht: {files} Audiodateien; {moved} an neuem Ort gefunden, {added} neu erkannt, {known} am alten Platz</translation>
    </message>
    <message>
        <source>Reading the library…</source>
        <translation>Bibliothek wird gelesen…</translation>
    </message>
    <message>
        <source>Library: {done} of {found}</source>
        <translation>Bibliothek: {done} von {found}</translation>
    </message>
    <message>
        <source>Library: {summary}</source>
        <translation>Bibliothek: {summary}</translation>
    </message>
    <message>
        <source>Library run stopped: {summary}</source>
        <translation>Bibliotheksdownload angehalten: {summary}</translation>
    </message>
</context>
<context>
    <name>DropFile</name>
    <message>
        <source>{name} — not a .txt or .json file</source>
        <translation>{name} — keine .txt- oder .json-Datei</translation>
    </message>
    <message>
        <source>{name} — too large ({size} KB)</source>
        <translation>{name} — zu groß ({size} KB)</translation>
    </message>
    <message>
        <source>{name} — cannot be read ({error})</source>
        <translation>{name} — kann nicht gelesen werden ({error})</translation>
    </message>
    <message>
        <source>{name} — not UTF-8 text</source>
        <translation>{name} — kein UTF-8-Text</translation>
    </message>
    <message>
        <source>{name} — not valid JSON ({error} at line {line}); its job ids were kept</source>
        <translation>{name} — kein gültiges JSON ({error} in Zeile {line}); die Job-IDs darin wurden übernommen</translation>
    </message>
</context>
<context>
    <name>EditTakeDialog</name>
    <message>
        <source>Instruction</source>
        <extracomment>The words a field is shown with (its API name stays in the tooltip, and in every message).</extracomment>
        <translation>Anweisung</translation>
    </message>
    <message>
        <source>Seconds to add</source>
        <translation>Sekunden dazu</translation>
    </message>
    <message>
        <source>From (s)</source>
        <translation>Ab (s)</translation>
    </message>
    <message>
        <source>Region start (s)</source>
        <translation>Bereichsbeginn (s)</translation>
    </message>
    <message>
        <source>Region end (s)</source>
        <translation>Bereichsende (s)</translation>
    </message>
    <message>
        <source>Strength</source>
        <translation>Stärke</translation>
    </message>
    <message>
        <source>Lyrics</source>
        <translation>Liedtext</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Start (s)</source>
        <translation>Beginn (s)</translation>
    </message>
    <message>
        <source>End (s)</source>
        <translation>Ende (s)</translation>
    </message>
    <message>
        <source>Fade in (s)</source>
        <translation>Einblenden (s)</translation>
    </message>
    <message>
        <source>Fade out (s)</source>
        <translation>Ausblenden (s)</translation>
    </message>
    <message>
        <source>Gain (dB)</source>
        <translation>Verstärkung (dB)</translation>
    </message>
    <message>
        <source>Mix</source>
        <translation>Mischung</translation>
    </message>
    <message>
        <source>Room size</source>
        <translation>Raumgröße</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>Panorama</translation>
    </message>
    <message>
        <source>Bass (dB)</source>
        <translation>Bass (dB)</translation>
    </message>
    <message>
        <source>Mid (dB)</source>
        <translation>Mitten (dB)</translation>
    </message>
    <message>
        <source>Treble (dB)</source>
        <translation>Höhen (dB)</translation>
    </message>
    <message>
        <source>Extend</source>
        <translation>Verlängern</translation>
    </message>
    <message>
        <source>Replace a region</source>
        <translation>Einen Bereich ersetzen</translation>
    </message>
    <message>
        <source>Cover</source>
        <translation>Cover</translation>
    </message>
    <message>
        <source>Remix</source>
        <translation>Remix</translation>
    </message>
    <message>
        <source>Effect</source>
        <translation>Effekt</translation>
    </message>
    <message>
        <source>Stems</source>
        <translation>Stems</translation>
    </message>
    <message>
        <source>Make from this take</source>
        <translation>Aus diesem Take erstellen</translation>
    </message>
    <message>
        <source>From: {take}{length}</source>
        <translation>Aus: {take}{length}</translation>
    </message>
    <message>
        <source>&amp;Make</source>
        <translation>&amp;Erstellen</translation>
    </message>
    <message>
        <source>&amp;Effect</source>
        <translation>&amp;Effekt</translation>
    </message>
    <message>
        <source>Drag across the clip to choose the region to replace.</source>
        <translation>Über den Clip ziehen, um den zu ersetzenden Bereich zu wählen.</translation>
    </message>
    <message>
        <source>The same seed as this take ({seed})</source>
        <translation>Derselbe Seed wie dieser Take ({seed})</translation>
    </message>
    <message>
        <source>The same seed as this take (unknown)</source>
        <translation>Derselbe Seed wie dieser Take (unbekannt)</translation>
    </message>
    <message>
        <source>any (a whole number 0 or more pins the result)</source>
        <translation>beliebig (eine ganze Zahl ab 0 legt das Ergebnis fest)</translation>
    </message>
    <message>
        <source>&amp;Seed</source>
        <translation>&amp;Seed</translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation>&amp;Titel</translation>
    </message>
    <message>
        <source> (optional)</source>
        <translation> (optional)</translation>
    </message>
    <message>
        <source>seed: must be a whole number 0 or more</source>
        <translation>seed: muss eine ganze Zahl ab 0 sein</translation>
    </message>
</context>
<context>
    <name>ErrorReporter</name>
    <message>
        <source>Unexpected error ({error}). The app carries on; the details are in the log (Help → Open log folder).</source>
        <extracomment>The signals handled like Quit (SIGHUP does not exist on Windows).</extracomment>
        <translation>Unerwarteter Fehler ({error}). Die App läuft weiter; die Einzelheiten stehen im Protokoll (Hilfe → Protokollordner öffnen).</translation>
    </message>
</context>
<context>
    <name>Exports</name>
    <message>
        <source>Could not save {name}: {error}</source>
        <translation>{name} konnte nicht gespeichert werden: {error}</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>{path} gespeichert</translation>
    </message>
    <message>
        <source>Export job as JSON</source>
        <translation>Job als JSON exportieren</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Export lyrics</source>
        <translation>Songtext exportieren</translation>
    </message>
    <message>
        <source>Text (*.txt)</source>
        <translation>Text (*.txt)</translation>
    </message>
    <message>
        <source>The timing does not pair with the lyric lines, so there is no synced version.</source>
        <translation>Die Zeitmarken passen nicht zu den Textzeilen, daher gibt es keine synchronisierte Fassung.</translation>
    </message>
    <message>
        <source>Export synced lyrics</source>
        <translation>Synchronisierten Songtext exportieren</translation>
    </message>
    <message>
        <source>Synced lyrics (*.lrc)</source>
        <translation>Synchronisierter Songtext (*.lrc)</translation>
    </message>
</context>
<context>
    <name>ExtractionSummary</name>
    <message numerus="yes">
        <source>%Ln job id(s) found</source>
        <translation>
            <numerusform>%Ln Job-ID gefunden</numerusform>
            <numerusform>%Ln Job-IDs gefunden</numerusform>
        </translation>
    </message>
    <message>
        <source>No job id found</source>
        <translation>Keine Job-ID gefunden</translation>
    </message>
    <message numerus="yes">
        <source>%Ln piece(s) rejected</source>
        <translation>
            <numerusform>%Ln Teil abgelehnt</numerusform>
            <numerusform>%Ln Teile abgelehnt</numerusform>
        </translation>
    </message>
    <message>
        <source>No job id found, {rejected}</source>
        <translation>Keine Job-ID gefunden, {rejected}</translation>
    </message>
    <message numerus="yes">
        <source>%Ln job id(s) found, {rejected}</source>
        <translation>
            <numerusform>%Ln Job-ID gefunden, {rejected}</numerusform>
            <numerusform>%Ln Job-IDs gefunden, {rejected}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>Show only some of the jobs</source>
        <translation>Nur einen Teil der Jobs anzeigen</translation>
    </message>
    <message>
        <source>Search title, prompt, lyrics, job id  (Ctrl+F)</source>
        <translation>Titel, Prompt, Songtext, Job-ID durchsuchen  (Strg+F)</translation>
    </message>
    <message>
        <source>Search jobs</source>
        <translation>Jobs durchsuchen</translation>
    </message>
    <message>
        <source>Show jobs</source>
        <translation>Jobs anzeigen</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation>Suche leeren</translation>
    </message>
    <message>
        <source>All accounts</source>
        <translation>Alle Konten</translation>
    </message>
    <message>
        <source>Show only the jobs of one account</source>
        <translation>Nur die Jobs eines Kontos anzeigen</translation>
    </message>
    <message>
        <source>Account filter</source>
        <translation>Kontofilter</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n shown</source>
        <translation>
            <numerusform>%1 von %n angezeigt</numerusform>
            <numerusform>%1 von %n angezeigt</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FreedesktopNotifications</name>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
</context>
<context>
    <name>JobHeader</name>
    <message>
        <source>Last check: {problem}</source>
        <translation>Letzte Prüfung: {problem}</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Error {code}</source>
        <translation>Fehler {code}</translation>
    </message>
    <message>
        <source>The job failed</source>
        <translation>Der Job ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cancelled at your request: the song may still have finished, and its credits are spent</source>
        <translation>Auf Ihren Wunsch abgebrochen: Der Song ist vielleicht trotzdem fertig geworden, und seine Credits sind verbraucht</translation>
    </message>
    <message>
        <source>The record gives no error message.</source>
        <translation>Der Datensatz enthält keine Fehlermeldung.</translation>
    </message>
    <message>
        <source>Re-check now</source>
        <translation>Jetzt erneut prüfen</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>Generation time</source>
        <translation>Generierungsdauer</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>Vorgang</translation>
    </message>
    <message>
        <source>Copy the job id</source>
        <translation>Job-ID kopieren</translation>
    </message>
    <message>
        <source>Job id</source>
        <translation>Job-ID</translation>
    </message>
    <message numerus="yes">
        <source>… and %Ln more</source>
        <translation>
            <numerusform>… und %Ln weiterer</numerusform>
            <numerusform>… und %Ln weitere</numerusform>
        </translation>
    </message>
    <message>
        <source>Parts of the record could not be read:</source>
        <translation>Teile des Datensatzes konnten nicht gelesen werden:</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message numerus="yes">
        <source>Show the whole prompt (%Ln character(s))</source>
        <translation>
            <numerusform>Ganzen Prompt anzeigen (%Ln Zeichen)</numerusform>
            <numerusform>Ganzen Prompt anzeigen (%Ln Zeichen)</numerusform>
        </translation>
    </message>
    <message>
        <source>Show request JSON</source>
        <translation>Anfrage-JSON anzeigen</translation>
    </message>
    <message>
        <source>The record has no request.</source>
        <translation>Der Datensatz enthält keine Anfrage.</translation>
    </message>
    <message>
        <source>Export JSON…</source>
        <translation>JSON exportieren…</translation>
    </message>
    <message>
        <source>Save the job&apos;s record, exactly as the API sent it</source>
        <translation>Den Datensatz des Jobs speichern, genau so, wie die API ihn gesendet hat</translation>
    </message>
    <message>
        <source>Hide request JSON</source>
        <translation>Anfrage-JSON ausblenden</translation>
    </message>
    <message>
        <source>·  {time} elapsed</source>
        <translation>·  {time} vergangen</translation>
    </message>
</context>
<context>
    <name>JobIds</name>
    <message>
        <source>empty: a job id looks like {example}</source>
        <translation>leer: Eine Job-ID sieht so aus: {example}</translation>
    </message>
    <message>
        <source>has spaces around it</source>
        <translation>hat Leerzeichen davor oder dahinter</translation>
    </message>
    <message>
        <source>contains spaces</source>
        <translation>enthält Leerzeichen</translation>
    </message>
    <message>
        <source>looks shortened (&apos;...&apos;): paste the whole id</source>
        <translation>sieht gekürzt aus (&apos;...&apos;): Fügen Sie die ganze ID ein</translation>
    </message>
    <message>
        <source>this is a clip id (user:…-clip:…), not a job id: a job id starts with &apos;job:&apos; and ends with &apos;-bot:flowmusic&apos;</source>
        <translation>das ist eine Clip-ID (user:…-clip:…), keine Job-ID: Eine Job-ID beginnt mit &apos;job:&apos; und endet mit &apos;-bot:flowmusic&apos;</translation>
    </message>
    <message>
        <source>missing the &apos;job:&apos; prefix before the uuid</source>
        <translation>das Präfix &apos;job:&apos; vor der UUID fehlt</translation>
    </message>
    <message>
        <source>missing &apos;job:&lt;uuid&gt;-&apos; at the start</source>
        <translation>&apos;job:&lt;uuid&gt;-&apos; am Anfang fehlt</translation>
    </message>
    <message>
        <source>does not start with &apos;job:&apos; (a job id looks like {example})</source>
        <translation>beginnt nicht mit &apos;job:&apos; (eine Job-ID sieht so aus: {example})</translation>
    </message>
    <message>
        <source>write the &apos;job:&apos; prefix in lower case</source>
        <translation>schreiben Sie das Präfix &apos;job:&apos; klein</translation>
    </message>
    <message>
        <source>nothing after &apos;job:&apos; (a job id looks like {example})</source>
        <translation>nichts nach &apos;job:&apos; (eine Job-ID sieht so aus: {example})</translation>
    </message>
    <message>
        <source>the uuid after &apos;job:&apos; should be 8-4-4-4-12 hex digits, got {found}</source>
        <translation>die UUID nach &apos;job:&apos; sollte aus 8-4-4-4-12 Hexadezimalziffern bestehen, gefunden: {found}</translation>
    </message>
    <message>
        <source>ends after the uuid: missing &apos;-user:&lt;id&gt;-&lt;email&gt;-bot:flowmusic&apos;</source>
        <translation>endet nach der UUID: &apos;-user:&lt;id&gt;-&lt;email&gt;-bot:flowmusic&apos; fehlt</translation>
    </message>
    <message>
        <source>write &apos;-user:&apos; in lower case</source>
        <translation>schreiben Sie &apos;-user:&apos; klein</translation>
    </message>
    <message>
        <source>missing the &apos;-user:&lt;id&gt;&apos; part after the uuid (found {found})</source>
        <translation>der Teil &apos;-user:&lt;id&gt;&apos; nach der UUID fehlt (gefunden: {found})</translation>
    </message>
    <message>
        <source>missing the user id after &apos;user:&apos;</source>
        <translation>die Benutzer-ID nach &apos;user:&apos; fehlt</translation>
    </message>
    <message>
        <source>the user id after &apos;user:&apos; should be digits, got {found}</source>
        <translation>die Benutzer-ID nach &apos;user:&apos; sollte aus Ziffern bestehen, gefunden: {found}</translation>
    </message>
    <message>
        <source>missing the email and &apos;-bot:flowmusic&apos; after the user id</source>
        <translation>die E-Mail-Adresse und &apos;-bot:flowmusic&apos; nach der Benutzer-ID fehlen</translation>
    </message>
    <message>
        <source>missing the email between the user id and &apos;-bot:&apos;</source>
        <translation>die E-Mail-Adresse zwischen Benutzer-ID und &apos;-bot:&apos; fehlt</translation>
    </message>
    <message>
        <source>mixes a job id and a clip id: a job id ends with &apos;-bot:flowmusic&apos;</source>
        <translation>vermischt eine Job-ID und eine Clip-ID: Eine Job-ID endet mit &apos;-bot:flowmusic&apos;</translation>
    </message>
    <message>
        <source>missing the &apos;-bot:flowmusic&apos; ending</source>
        <translation>das Ende &apos;-bot:flowmusic&apos; fehlt</translation>
    </message>
    <message>
        <source>write &apos;-bot:&apos; in lower case</source>
        <translation>schreiben Sie &apos;-bot:&apos; klein</translation>
    </message>
    <message>
        <source>write the bot name &apos;flowmusic&apos; in lower case</source>
        <translation>schreiben Sie den Bot-Namen &apos;flowmusic&apos; klein</translation>
    </message>
    <message>
        <source>missing the bot name after &apos;-bot:&apos; (it should be &apos;flowmusic&apos;)</source>
        <translation>der Bot-Name nach &apos;-bot:&apos; fehlt (er sollte &apos;flowmusic&apos; lauten)</translation>
    </message>
    <message>
        <source>unexpected text after &apos;-bot:flowmusic&apos;: {extra}</source>
        <translation>unerwarteter Text nach &apos;-bot:flowmusic&apos;: {extra}</translation>
    </message>
    <message>
        <source>a job id for the &apos;{bot}&apos; bot, not FlowMusic: this app tracks ids ending in &apos;-bot:flowmusic&apos;</source>
        <translation>eine Job-ID für den Bot &apos;{bot}&apos;, nicht für FlowMusic: Diese App verfolgt IDs, die auf &apos;-bot:flowmusic&apos; enden</translation>
    </message>
    <message>
        <source>the bot name should be &apos;flowmusic&apos;, got {found}</source>
        <translation>der Bot-Name sollte &apos;flowmusic&apos; lauten, gefunden: {found}</translation>
    </message>
    <message>
        <source>missing the email: {email} has no &apos;@&apos;</source>
        <translation>die E-Mail-Adresse fehlt: {email} hat kein &apos;@&apos;</translation>
    </message>
    <message>
        <source>the email {email} has more than one &apos;@&apos;</source>
        <translation>die E-Mail-Adresse {email} hat mehr als ein &apos;@&apos;</translation>
    </message>
    <message>
        <source>the email {email} has nothing before &apos;@&apos;</source>
        <translation>die E-Mail-Adresse {email} hat nichts vor dem &apos;@&apos;</translation>
    </message>
    <message>
        <source>the email {email} holds characters not allowed before &apos;@&apos;: {bad}</source>
        <translation>die E-Mail-Adresse {email} enthält vor dem &apos;@&apos; unzulässige Zeichen: {bad}</translation>
    </message>
    <message>
        <source>the email {email} has nothing after &apos;@&apos;</source>
        <translation>die E-Mail-Adresse {email} hat nichts nach dem &apos;@&apos;</translation>
    </message>
    <message>
        <source>the email&apos;s domain {domain} has an empty part (a leading, trailing or doubled &apos;.&apos;)</source>
        <translation>die Domain der E-Mail-Adresse {domain} hat einen leeren Teil (ein &apos;.&apos; am Anfang, am Ende oder doppelt)</translation>
    </message>
    <message>
        <source>the email&apos;s domain {domain} holds characters not allowed: {bad}</source>
        <translation>die Domain der E-Mail-Adresse {domain} enthält unzulässige Zeichen: {bad}</translation>
    </message>
</context>
<context>
    <name>JobState</name>
    <message>
        <source>Checking…</source>
        <translation>Wird geprüft…</translation>
    </message>
    <message>
        <source>Waiting for the first check</source>
        <translation>Wartet auf die erste Prüfung</translation>
    </message>
    <message>
        <source>Added: waiting for the first answer from the API</source>
        <translation>Hinzugefügt: wartet auf die erste Antwort der API</translation>
    </message>
    <message>
        <source>new</source>
        <translation>neu</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>The song is being generated</source>
        <translation>Der Song wird generiert</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>laufend</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>The generation failed</source>
        <translation>Die Generierung ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>Generation failed</source>
        <translation>Generierung fehlgeschlagen</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>Nicht gefunden</translation>
    </message>
    <message>
        <source>The API does not know this job: it expired or never existed</source>
        <translation>Die API kennt diesen Job nicht: Er ist abgelaufen oder hat nie existiert</translation>
    </message>
    <message>
        <source>not found</source>
        <translation>nicht gefunden</translation>
    </message>
    <message>
        <source>The API has no job with this id (HTTP 404). It may have expired (finished jobs are kept only for a while) or never existed, for instance when the id was copied incompletely.</source>
        <translation>Die API hat keinen Job mit dieser ID (HTTP 404). Er ist vielleicht abgelaufen (fertige Jobs werden nur eine Weile aufbewahrt) oder hat nie existiert, etwa wenn die ID unvollständig kopiert wurde.</translation>
    </message>
    <message>
        <source>Job not found</source>
        <translation>Job nicht gefunden</translation>
    </message>
    <message>
        <source>it expired or never existed</source>
        <translation>er ist abgelaufen oder hat nie existiert</translation>
    </message>
    <message>
        <source>Forbidden</source>
        <translation>Kein Zugriff</translation>
    </message>
    <message>
        <source>Not your job</source>
        <translation>Nicht Ihr Job</translation>
    </message>
    <message>
        <source>This job belongs to another account than the token&apos;s</source>
        <translation>Dieser Job gehört zu einem anderen Konto als dem des Tokens</translation>
    </message>
    <message>
        <source>forbidden</source>
        <translation>ohne Zugriff</translation>
    </message>
    <message>
        <source>This job belongs to another account than the one of your API token (HTTP 403). Check that the token is for the account that made the job.</source>
        <translation>Dieser Job gehört zu einem anderen Konto als dem Ihres API-Tokens (HTTP 403). Prüfen Sie, ob das Token zu dem Konto gehört, das den Job erstellt hat.</translation>
    </message>
    <message>
        <source>Job not accessible</source>
        <translation>Kein Zugriff auf den Job</translation>
    </message>
    <message>
        <source>it belongs to another account</source>
        <translation>er gehört zu einem anderen Konto</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>Finished: the clips are ready</source>
        <translation>Fertig: Die Clips sind bereit</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>abgeschlossen</translation>
    </message>
    <message>
        <source>Song ready</source>
        <translation>Song fertig</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <extracomment>The order the status bar counts states in: the life of a job, then its troubles. The icon of a job whose last poll met a problem (a network error, a bad record) while it is not finished. The error code of a job the user cancelled (``DELETE /jobs/{jobid}``): a failed job with it reads as cancelled. What the app says about a failed job whose error code is ``user_cancelled``: it reads as cancelled everywhere.</extracomment>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Cancelled at your request: the song may still have finished, and its credits are spent</source>
        <translation>Auf Ihren Wunsch abgebrochen: Der Song ist vielleicht trotzdem fertig geworden, und seine Credits sind verbraucht</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>Job cancelled</source>
        <translation>Job abgebrochen</translation>
    </message>
    <message>
        <source>it was cancelled</source>
        <translation>er wurde abgebrochen</translation>
    </message>
</context>
<context>
    <name>JobsModel</name>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>Vorgang</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Generation</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Clips</source>
        <translation>Clips</translation>
    </message>
    <message>
        <source>Job id</source>
        <translation>Job-ID</translation>
    </message>
    <message>
        <source>Keeper</source>
        <translation>Behalten</translation>
    </message>
    <message>
        <source>How long the generation took</source>
        <extracomment>What the keeper column&apos;s header shows (its name, &quot;Keeper&quot;, is in the header&apos;s menu and tooltip).</extracomment>
        <translation>Wie lange die Generierung gedauert hat</translation>
    </message>
    <message>
        <source>Number of clips the job made</source>
        <translation>Anzahl der Clips, die der Job erzeugt hat</translation>
    </message>
    <message>
        <source>When the job was created (local time)</source>
        <translation>Wann der Job erstellt wurde (Ortszeit)</translation>
    </message>
    <message>
        <source>Keeper: the takes you starred in the detail view</source>
        <translation>Behalten: die Takes, die Sie in der Detailansicht mit dem Stern markiert haben</translation>
    </message>
    <message>
        <source>Waiting for an API token</source>
        <translation>Wartet auf ein API-Token</translation>
    </message>
    <message>
        <source>Queued: waiting for a free slot on {account} ({running} of {max} running)</source>
        <extracomment>GUI time one turn of taking in new jobs may use (the loop must never block over 100 ms). Up to this many new jobs get their rows at once, inside add_jobs. More separate places than this in one turn: append the rows and sort once, after the last turn. Rows given at once from this many on are told to the garbage collector as long-lived (see _settle_long_lived). Rows whose sort key changed move one by one (each ~0.3 ms through the proxy) up to this many at a time; more are put in order by one full sort. A full sort waits while rows keep arriving (it would have to be done again), but never longer than this. Whether the view holds this row (selected or current): such a row keeps its selection by being moved, never removed and inserted again. The window sets it; without it every row is moved. Each account&apos;s (running, maxJobs) as the submission queue sees it, for the queued rows&apos; words.</extracomment>
        <translation>In der Warteschlange: wartet auf einen freien Platz bei {account} ({running} von {max} laufen)</translation>
    </message>
    <message>
        <source>Queued: waiting for a free slot on {account}</source>
        <translation>In der Warteschlange: wartet auf einen freien Platz bei {account}</translation>
    </message>
    <message>
        <source>Queued: waiting for a free slot</source>
        <translation>In der Warteschlange: wartet auf einen freien Platz</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Wird gesendet</translation>
    </message>
    <message>
        <source>Uncertain: the answer was lost; looking for the job</source>
        <translation>Ungewiss: die Antwort ging verloren; der Job wird gesucht</translation>
    </message>
    <message>
        <source>Not sent: no job was made (send it again from its menu)</source>
        <translation>Nicht gesendet: kein Job entstand (über sein Menü erneut senden)</translation>
    </message>
    <message>
        <source>Not sent: {why}</source>
        <translation>Nicht gesendet: {why}</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>Not known yet: the API has not said (added here %1)</source>
        <translation>Noch nicht bekannt: Die API hat es nicht mitgeteilt (hier hinzugefügt %1)</translation>
    </message>
    <message>
        <source>Kept: take %1</source>
        <translation>Behalten: Take %1</translation>
    </message>
    <message>
        <source>Kept: takes %1</source>
        <translation>Behalten: Takes %1</translation>
    </message>
    <message>
        <source>Found on your account (not pasted)</source>
        <translation>In Ihrem Konto gefunden (nicht eingefügt)</translation>
    </message>
    <message>
        <source>Last problem: {problem}</source>
        <translation>Letztes Problem: {problem}</translation>
    </message>
</context>
<context>
    <name>JobsTable</name>
    <message>
        <source>Paste job ids (Ctrl+V) or drop a file here</source>
        <translation>Job-IDs einfügen (Strg+V) oder eine Datei hier ablegen</translation>
    </message>
    <message>
        <source>No job matches the filter</source>
        <translation>Kein Job passt zum Filter</translation>
    </message>
</context>
<context>
    <name>LyricsView</name>
    <message>
        <source>Lyrics</source>
        <translation>Songtext</translation>
    </message>
    <message numerus="yes">
        <source>… and %Ln more line(s): export the lyrics or the record for all of them.</source>
        <translation>
            <numerusform>… und %Ln weitere Zeile: Exportieren Sie den Songtext oder den Datensatz, um alle zu sehen.</numerusform>
            <numerusform>… und %Ln weitere Zeilen: Exportieren Sie den Songtext oder den Datensatz, um alle zu sehen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln sung line(s)</source>
        <translation>
            <numerusform>der %Ln gesungenen Zeile</numerusform>
            <numerusform>den %Ln gesungenen Zeilen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln timing marker(s) that do not match the {sung}, listed on their own:</source>
        <translation>
            <numerusform>%Ln Zeitmarke, die nicht zu {sung} passt, für sich aufgeführt:</numerusform>
            <numerusform>%Ln Zeitmarken, die nicht zu {sung} passen, für sich aufgeführt:</numerusform>
        </translation>
    </message>
    <message>
        <source>Timing markers</source>
        <translation>Zeitmarken</translation>
    </message>
    <message numerus="yes">
        <source>… and %Ln more timing marker(s): export the lyrics or the record for all of them.</source>
        <translation>
            <numerusform>… und %Ln weitere Zeitmarke: Exportieren Sie den Songtext oder den Datensatz, um alle zu sehen.</numerusform>
            <numerusform>… und %Ln weitere Zeitmarken: Exportieren Sie den Songtext oder den Datensatz, um alle zu sehen.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>{app} — demo</source>
        <extracomment>How long closing waits for background work to end before abandoning it (closing to exit stays under 1 s). The parts build_parts makes.</extracomment>
        <translation>{app} — Demo</translation>
    </message>
    <message>
        <source>Tracked jobs</source>
        <translation>Verfolgte Jobs</translation>
    </message>
    <message>
        <source>Select a job to see its clips</source>
        <translation>Wählen Sie einen Job aus, um seine Clips zu sehen</translation>
    </message>
    <message>
        <source>The API answers again</source>
        <translation>Die API antwortet wieder</translation>
    </message>
    <message>
        <source>This song may have been made already ({evidence}). Sending it again may make it twice and spend its credits twice. Send it again?</source>
        <translation>Dieser Song wurde vielleicht schon erstellt ({evidence}). Erneutes Senden kann ihn doppelt erstellen und seine Credits doppelt ausgeben. Erneut senden?</translation>
    </message>
    <message>
        <source>Send again?</source>
        <translation>Erneut senden?</translation>
    </message>
    <message>
        <source>its answer was lost and no record was found yet</source>
        <translation>seine Antwort ging verloren und noch wurde kein Datensatz gefunden</translation>
    </message>
    <message>
        <source>the clipboard</source>
        <translation>der Zwischenablage</translation>
    </message>
    <message>
        <source>the dropped text</source>
        <translation>dem abgelegten Text</translation>
    </message>
    <message numerus="yes">
        <source>Welcome to the demo: %n sample jobs; songs finish within about a minute. Nothing here touches your FlowMusic account.</source>
        <translation>
            <numerusform>Willkommen in der Demo: %n Beispieljob; Songs werden in etwa einer Minute fertig. Nichts hiervon berührt Ihr FlowMusic-Konto.</numerusform>
            <numerusform>Willkommen in der Demo: %n Beispieljobs; Songs werden in etwa einer Minute fertig. Nichts hiervon berührt Ihr FlowMusic-Konto.</numerusform>
        </translation>
    </message>
    <message>
        <source>{title}: {body}</source>
        <translation>{title}: {body}</translation>
    </message>
    <message>
        <source>Could not {task}: {error}</source>
        <translation>Fehler bei „{task}“: {error}</translation>
    </message>
</context>
<context>
    <name>NewSongDialog</name>
    <message>
        <source>New song</source>
        <extracomment>Checks files off the GUI thread: (paths, done(list of RefFile or RefProblem)). Uploads one file off the GUI thread to an account: (file, email, done(asset id or None, problem)). Songs one form may queue at once (the count, or the lines of a list).</extracomment>
        <translation>Neuer Song</translation>
    </message>
    <message>
        <source>Style, mood, genre, instruments, BPM, vocal direction…</source>
        <translation>Stil, Stimmung, Genre, Instrumente, BPM, Gesang…</translation>
    </message>
    <message>
        <source>One song per line</source>
        <translation>Ein Song pro Zeile</translation>
    </message>
    <message>
        <source>Load list…</source>
        <translation>Liste laden…</translation>
    </message>
    <message>
        <source>&amp;Prompt</source>
        <translation>&amp;Prompt</translation>
    </message>
    <message>
        <source>&amp;Instrumental (no vocals)</source>
        <translation>&amp;Instrumental (ohne Gesang)</translation>
    </message>
    <message>
        <source>[Verse 1]
…

[Chorus]
…

Leave empty and the model writes them.</source>
        <translation>[Verse 1]
…

[Chorus]
…

Leer lassen, dann schreibt das Modell ihn.</translation>
    </message>
    <message>
        <source>&amp;Write lyrics for me</source>
        <translation>Liedtext für mich &amp;schreiben</translation>
    </message>
    <message>
        <source>Ask the API to write lyrics from the prompt (free); edit them after</source>
        <translation>Die API schreibt einen Liedtext aus dem Prompt (kostenlos); danach bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Lyrics</source>
        <translation>&amp;Liedtext</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>Pro</source>
        <translation>Pro</translation>
    </message>
    <message>
        <source>&amp;Ghostwriter</source>
        <translation>&amp;Ghostwriter</translation>
    </message>
    <message>
        <source>Automatic: a healthy account with a free slot and credits</source>
        <translation>Automatisch: ein gesundes Konto mit freiem Platz und Credits</translation>
    </message>
    <message>
        <source>&amp;Account</source>
        <translation>&amp;Konto</translation>
    </message>
    <message>
        <source>Reference files</source>
        <translation>Referenzdateien</translation>
    </message>
    <message>
        <source>Add &amp;files…</source>
        <translation>&amp;Dateien hinzufügen…</translation>
    </message>
    <message>
        <source>Images (JPEG, PNG, WebP) and audio (mp3, WAV, m4a, AAC) up to {size} each, at most {n} of each; or drop them on this form</source>
        <translation>Bilder (JPEG, PNG, WebP) und Audio (mp3, WAV, m4a, AAC) bis {size} je Datei, höchstens {n} von jeder Art; oder ziehen Sie sie auf dieses Formular</translation>
    </message>
    <message>
        <source>Remo&amp;ve</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Images or audio to guide the song (optional); drop files here too</source>
        <translation>Bilder oder Audio als Vorlage für den Song (optional); Dateien lassen sich auch hierher ziehen</translation>
    </message>
    <message>
        <source>&amp;References</source>
        <translation>&amp;Referenzen</translation>
    </message>
    <message>
        <source>&amp;How many songs</source>
        <translation>&amp;Wie viele Songs</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>&amp;Make</source>
        <translation>&amp;Erstellen</translation>
    </message>
    <message>
        <source>(in an error state)</source>
        <translation>(im Fehlerzustand)</translation>
    </message>
    <message>
        <source>({running} of {max} running)</source>
        <translation>({running} von {max} laufen)</translation>
    </message>
    <message>
        <source>{credits} credits</source>
        <translation>{credits} Credits</translation>
    </message>
    <message>
        <source>line {n}: {problem}</source>
        <translation>Zeile {n}: {problem}</translation>
    </message>
    <message>
        <source>a list holds at most {n} songs (this one {m})</source>
        <translation>eine Liste fasst höchstens {n} Songs (diese {m})</translation>
    </message>
    <message numerus="yes">
        <source>%n song(s), one per line</source>
        <translation>
            <numerusform>%n Song, einer pro Zeile</numerusform>
            <numerusform>%n Songs, einer pro Zeile</numerusform>
        </translation>
    </message>
    <message>
        <source>{n} / {max} characters</source>
        <translation>{n} / {max} Zeichen</translation>
    </message>
    <message>
        <source>any account</source>
        <translation>einem beliebigen Konto</translation>
    </message>
    <message numerus="yes">
        <source>%n song(s)</source>
        <translation>
            <numerusform>%n Song</numerusform>
            <numerusform>%n Songs</numerusform>
        </translation>
    </message>
    <message>
        <source>{songs} on {where}: cost unknown until the first song</source>
        <translation>{songs} auf {where}: Kosten unbekannt bis zum ersten Song</translation>
    </message>
    <message>
        <source>{songs} on {where} ~{total} credits of {credits}</source>
        <translation>{songs} auf {where} ~{total} Credits von {credits}</translation>
    </message>
    <message>
        <source>{songs} on {where} ~{total} credits</source>
        <translation>{songs} auf {where} ~{total} Credits</translation>
    </message>
    <message>
        <source>Lyrics are written from a prompt of 1 to 2,000 characters.</source>
        <translation>Liedtexte entstehen aus einem Prompt von 1 bis 2.000 Zeichen.</translation>
    </message>
    <message>
        <source>Writing lyrics…</source>
        <translation>Liedtext wird geschrieben…</translation>
    </message>
    <message>
        <source>Written by the API: edit them as you like.</source>
        <translation>Von der API geschrieben: nach Belieben bearbeiten.</translation>
    </message>
    <message>
        <source>Could not write lyrics: {why}</source>
        <translation>Liedtext konnte nicht geschrieben werden: {why}</translation>
    </message>
    <message>
        <source>Load a prompt list</source>
        <translation>Eine Prompt-Liste laden</translation>
    </message>
    <message>
        <source>Text files (*.txt);;All files (*)</source>
        <translation>Textdateien (*.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Could not read the list: {why}</source>
        <translation>Die Liste konnte nicht gelesen werden: {why}</translation>
    </message>
    <message>
        <source>images</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <source>audio files</source>
        <translation>Audiodateien</translation>
    </message>
    <message>
        <source>At most {n} reference {what} per song ({m} added)</source>
        <translation>Höchstens {n} Referenz-{what} pro Song ({m} hinzugefügt)</translation>
    </message>
    <message>
        <source>{name} could not be uploaded: {why}. Make tries again; Remove leaves it out.</source>
        <translation>{name} konnte nicht hochgeladen werden: {why}. Erstellen versucht es erneut; Entfernen lässt die Datei weg.</translation>
    </message>
    <message numerus="yes">
        <source>Checking %n file(s)…</source>
        <translation>
            <numerusform>Prüfe %n Datei…</numerusform>
            <numerusform>Prüfe %n Dateien…</numerusform>
        </translation>
    </message>
    <message>
        <source>not a file</source>
        <translation>keine Datei</translation>
    </message>
    <message>
        <source>cannot be read ({detail})</source>
        <translation>kann nicht gelesen werden ({detail})</translation>
    </message>
    <message>
        <source>the file is empty</source>
        <translation>die Datei ist leer</translation>
    </message>
    <message>
        <source>{size}, over the {limit} a reference may be</source>
        <translation>{size}, mehr als die {limit}, die eine Referenz haben darf</translation>
    </message>
    <message>
        <source>not a file the API takes as a reference (JPEG, PNG or WebP images; mp3, WAV, m4a or AAC audio)</source>
        <translation>keine Datei, die die API als Referenz annimmt (Bilder als JPEG, PNG oder WebP; Audio als mp3, WAV, m4a oder AAC)</translation>
    </message>
    <message>
        <source>the file changed since it was added; add it again</source>
        <translation>die Datei hat sich seit dem Hinzufügen geändert; fügen Sie sie erneut hinzu</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n Bild</numerusform>
            <numerusform>%n Bilder</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n audio file(s)</source>
        <translation>
            <numerusform>%n Audiodatei</numerusform>
            <numerusform>%n Audiodateien</numerusform>
        </translation>
    </message>
    <message>
        <source>{files}: uploaded to {account} at Make; the songs go there too</source>
        <translation>{files}: werden beim Erstellen zu {account} hochgeladen; die Songs entstehen dort</translation>
    </message>
    <message>
        <source>{files}: choose an account to upload them to</source>
        <translation>{files}: wählen Sie ein Konto, auf das sie hochgeladen werden</translation>
    </message>
    <message>
        <source>image</source>
        <translation>Bild</translation>
    </message>
    <message>
        <source>audio</source>
        <translation>Audio</translation>
    </message>
    <message>
        <source>ready to upload</source>
        <translation>bereit zum Hochladen</translation>
    </message>
    <message>
        <source>uploading to {account}…</source>
        <translation>wird zu {account} hochgeladen…</translation>
    </message>
    <message>
        <source>uploaded to {account}</source>
        <translation>zu {account} hochgeladen</translation>
    </message>
    <message>
        <source>failed: {why}</source>
        <translation>fehlgeschlagen: {why}</translation>
    </message>
    <message>
        <source>from the request</source>
        <translation>aus der Anfrage</translation>
    </message>
    <message>
        <source>Add reference images or audio</source>
        <translation>Referenzbilder oder -audio hinzufügen</translation>
    </message>
    <message>
        <source>Images and audio (*.jpg *.jpeg *.png *.webp *.mp3 *.wav *.m4a *.mp4 *.aac);;All files (*)</source>
        <translation>Bilder und Audio (*.jpg *.jpeg *.png *.webp *.mp3 *.wav *.m4a *.mp4 *.aac);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Choose an account: references are uploaded to one account</source>
        <translation>Wählen Sie ein Konto: Referenzen werden auf ein Konto hochgeladen</translation>
    </message>
    <message>
        <source>{name} is on {account}: choose that account, or remove it</source>
        <translation>{name} liegt auf {account}: wählen Sie dieses Konto, oder entfernen Sie die Datei</translation>
    </message>
    <message>
        <source>References cannot be uploaded here</source>
        <translation>Referenzen können hier nicht hochgeladen werden</translation>
    </message>
    <message numerus="yes">
        <source>Uploading %n file(s) to {account}…</source>
        <translation>
            <numerusform>Lade %n Datei zu {account} hoch…</numerusform>
            <numerusform>Lade %n Dateien zu {account} hoch…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NoticeArea</name>
    <message>
        <source>Results are not being saved yet: {reason} They are shown and kept, and saved as soon as the job list can be written.</source>
        <translation>Ergebnisse werden noch nicht gespeichert: {reason} Sie werden angezeigt und behalten und gespeichert, sobald die Jobliste geschrieben werden kann.</translation>
    </message>
    <message>
        <source>The job list is being saved again.</source>
        <translation>Die Jobliste wird wieder gespeichert.</translation>
    </message>
</context>
<context>
    <name>NoticeBar</name>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>NotificationText</name>
    <message numerus="yes">
        <source>{title} — %Ln clip(s)</source>
        <extracomment>Songs finishing within this long of the previous one join its notification.</extracomment>
        <translation>
            <numerusform>{title} — %Ln Clip</numerusform>
            <numerusform>{title} — %Ln Clips</numerusform>
        </translation>
    </message>
    <message>
        <source>{title}: {reason}</source>
        <translation>{title}: {reason}</translation>
    </message>
    <message numerus="yes">
        <source>{titles} and %Ln more</source>
        <translation>
            <numerusform>{titles} und %Ln weiterer</numerusform>
            <numerusform>{titles} und %Ln weitere</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln songs ready</source>
        <translation>
            <numerusform>%Ln Song fertig</numerusform>
            <numerusform>%Ln Songs fertig</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Notifier</name>
    <message>
        <source>No jobs</source>
        <translation>Keine Jobs</translation>
    </message>
    <message>
        <source>Show window</source>
        <translation>Fenster anzeigen</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Abspielen</translation>
    </message>
</context>
<context>
    <name>PaneFooter</name>
    <message>
        <source>Pause or resume</source>
        <translation>Pausieren oder fortsetzen</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <source>Stop playback</source>
        <translation>Wiedergabe stoppen</translation>
    </message>
    <message>
        <source>Cancel all</source>
        <translation>Alle abbrechen</translation>
    </message>
    <message>
        <source>Playing: {title}</source>
        <translation>Wiedergabe: {title}</translation>
    </message>
    <message>
        <source>Paused: {title}</source>
        <translation>Pausiert: {title}</translation>
    </message>
    <message>
        <source>Downloading WAVs: {done} of {total} done</source>
        <translation>WAV-Dateien werden heruntergeladen: {done} von {total} fertig</translation>
    </message>
    <message numerus="yes">
        <source>Downloaded %Ln WAV(s)</source>
        <translation>
            <numerusform>%Ln WAV-Datei heruntergeladen</numerusform>
            <numerusform>%Ln WAV-Dateien heruntergeladen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln already there</source>
        <translation>
            <numerusform>%Ln schon vorhanden</numerusform>
            <numerusform>%Ln schon vorhanden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln failed</source>
        <translation>
            <numerusform>%Ln fehlgeschlagen</numerusform>
            <numerusform>%Ln fehlgeschlagen</numerusform>
        </translation>
    </message>
    <message>
        <source>{parts}.</source>
        <translation>{parts}.</translation>
    </message>
</context>
<context>
    <name>Player</name>
    <message>
        <source>Playback is not available on this system ({error}). Open or download instead.</source>
        <translation>Die Wiedergabe ist auf diesem System nicht verfügbar ({error}). Öffnen oder laden Sie den Clip stattdessen herunter.</translation>
    </message>
    <message>
        <source>No sound output was found on this system: the song plays without sound (the lyrics still follow it). Open or download it to hear it elsewhere.</source>
        <translation>Auf diesem System wurde keine Tonausgabe gefunden: Der Song läuft ohne Ton (der Songtext folgt ihm trotzdem). Öffnen oder laden Sie ihn herunter, um ihn anderswo zu hören.</translation>
    </message>
    <message>
        <source>This clip has no http or https audio link to play.</source>
        <translation>Dieser Clip hat keinen HTTP- oder HTTPS-Audiolink zum Abspielen.</translation>
    </message>
    <message>
        <source>The audio could not be played.</source>
        <translation>Das Audio konnte nicht abgespielt werden.</translation>
    </message>
</context>
<context>
    <name>RegionTimeline</name>
    <message>
        <source>Region to replace: drag across the clip</source>
        <extracomment>(start, end) seconds of each sung line, paired with ``lines`` when the counts match.</extracomment>
        <translation>Zu ersetzender Bereich: über den Clip ziehen</translation>
    </message>
</context>
<context>
    <name>Selection</name>
    <message numerus="yes">
        <source>%n jobs selected</source>
        <extracomment>Selected jobs counted by state at most (select-all must stay instant).</extracomment>
        <translation>
            <numerusform>%n Job ausgewählt</numerusform>
            <numerusform>%n Jobs ausgewählt</numerusform>
        </translation>
    </message>
    <message>
        <source>{head}: {states}</source>
        <translation>{head}: {states}</translation>
    </message>
</context>
<context>
    <name>SelectionCommands</name>
    <message numerus="yes">
        <source>Copied %Ln job id(s)</source>
        <extracomment>The window&apos;s studio (ui/studio/controller.py), once attached: queued rows are dropped through it.</extracomment>
        <translation>
            <numerusform>%Ln Job-ID kopiert</numerusform>
            <numerusform>%Ln Job-IDs kopiert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied %Ln record(s) as JSON</source>
        <translation>
            <numerusform>%Ln Datensatz als JSON kopiert</numerusform>
            <numerusform>%Ln Datensätze als JSON kopiert</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing on this system could open the clip&apos;s link: copy it, or download the clip.</source>
        <translation>Nichts auf diesem System konnte den Link des Clips öffnen: Kopieren Sie ihn oder laden Sie den Clip herunter.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
    <message>
        <source>Notify me when a job finishes or fails</source>
        <translation>Benachrichtigen, wenn ein Job fertig wird oder fehlschlägt</translation>
    </message>
    <message>
        <source>Add running jobs found on my account, not only the ones I paste</source>
        <translation>Laufende Jobs meines Kontos hinzufügen, nicht nur die eingefügten</translation>
    </message>
    <message>
        <source>Jobs your scripts start appear here by themselves (one look at the running jobs serves every account on the token)</source>
        <translation>Jobs, die Ihre Skripte starten, erscheinen hier von selbst (ein Blick auf die laufenden Jobs genügt für alle Konten des Tokens)</translation>
    </message>
    <message>
        <source>Keep watching in the tray when the window is closed</source>
        <translation>Nach dem Schließen des Fensters im Infobereich weiter beobachten</translation>
    </message>
    <message>
        <source>This desktop has no system tray: closing the window quits</source>
        <translation>Dieser Desktop hat keinen Infobereich: Das Schließen des Fensters beendet die App</translation>
    </message>
    <message>
        <source>Start with the session (in the tray)</source>
        <translation>Mit der Sitzung starten (im Infobereich)</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Choose the download folder</source>
        <translation>Download-Ordner auswählen</translation>
    </message>
    <message>
        <source>Download folder:</source>
        <translation>Download-Ordner:</translation>
    </message>
    <message>
        <source>System language ({language})</source>
        <translation>Systemsprache ({language})</translation>
    </message>
    <message>
        <source>The language of the window; it changes at the next start</source>
        <translation>Die Sprache des Fensters; sie ändert sich beim nächsten Start</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>Erweitert</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>How often a job is asked about near its expected finish</source>
        <translation>Wie oft ein Job kurz vor seinem erwarteten Ende abgefragt wird</translation>
    </message>
    <message>
        <source>Poll interval:</source>
        <translation>Abfrageintervall:</translation>
    </message>
    <message>
        <source> requests/s</source>
        <translation> Anfragen/s</translation>
    </message>
    <message>
        <source>At most this many requests a second, over all jobs</source>
        <translation>Höchstens so viele Anfragen pro Sekunde, über alle Jobs</translation>
    </message>
    <message>
        <source>Request budget:</source>
        <translation>Anfragebudget:</translation>
    </message>
    <message>
        <source> credits</source>
        <translation> Credits</translation>
    </message>
    <message>
        <source>New songs are never sent to an account whose balance would fall below this</source>
        <translation>Neue Songs gehen nie an ein Konto, dessen Guthaben darunter fallen würde</translation>
    </message>
    <message>
        <source>Credit floor:</source>
        <translation>Credit-Untergrenze:</translation>
    </message>
    <message>
        <source>API base URL:</source>
        <translation>API-Basis-URL:</translation>
    </message>
    <message>
        <source>Download folder</source>
        <translation>Download-Ordner</translation>
    </message>
    <message>
        <source>In use now: {url} (given with --api-base or FLOWMUSIC_API_BASE, for this run)</source>
        <translation>Jetzt verwendet: {url} (mit --api-base oder FLOWMUSIC_API_BASE angegeben, für diesen Start)</translation>
    </message>
    <message>
        <source>API base URL: {problem}</source>
        <translation>API-Basis-URL: {problem}</translation>
    </message>
    <message>
        <source>Download folder: give a full path</source>
        <translation>Download-Ordner: Geben Sie einen vollständigen Pfad an</translation>
    </message>
</context>
<context>
    <name>SizeText</name>
    <message>
        <source>{size} KB</source>
        <translation>{size} KB</translation>
    </message>
    <message>
        <source>{size} MB</source>
        <translation>{size} MB</translation>
    </message>
</context>
<context>
    <name>StateCount</name>
    <message numerus="yes">
        <source>%Ln new</source>
        <extracomment>The languages the app speaks, each named in itself (a language list reads the same in every language).</extracomment>
        <translation>
            <numerusform>%Ln neu</numerusform>
            <numerusform>%Ln neu</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln pending</source>
        <translation>
            <numerusform>%Ln laufend</numerusform>
            <numerusform>%Ln laufend</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln completed</source>
        <translation>
            <numerusform>%Ln abgeschlossen</numerusform>
            <numerusform>%Ln abgeschlossen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln failed</source>
        <translation>
            <numerusform>%Ln fehlgeschlagen</numerusform>
            <numerusform>%Ln fehlgeschlagen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln not found</source>
        <translation>
            <numerusform>%Ln nicht gefunden</numerusform>
            <numerusform>%Ln nicht gefunden</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln forbidden</source>
        <translation>
            <numerusform>%Ln ohne Zugriff</numerusform>
            <numerusform>%Ln ohne Zugriff</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StatusFilter</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>All jobs</source>
        <translation>Alle Jobs</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Probleme</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>In der Warteschlange</translation>
    </message>
</context>
<context>
    <name>Studio</name>
    <message>
        <source>The songs could not be queued: {why}</source>
        <extracomment>The submissions shown as rows of their own: not (yet) a job. Test seams: the forms&apos; exec (a test answers them without a modal loop).</extracomment>
        <translation>Die Songs konnten nicht eingereiht werden: {why}</translation>
    </message>
</context>
<context>
    <name>TimelineStrip</name>
    <message>
        <source>Lyrics timing</source>
        <translation>Zeitmarken des Songtexts</translation>
    </message>
</context>
<context>
    <name>TokenDialog</name>
    <message>
        <source>API token</source>
        <translation>API-Token</translation>
    </message>
    <message>
        <source>The app needs your useapi.net API token to ask FlowMusic about your jobs. It is stored in the system keyring and sent only to the API.</source>
        <translation>Die App braucht Ihr useapi.net-API-Token, um FlowMusic nach Ihren Jobs zu fragen. Es wird im Schlüsselbund des Systems gespeichert und nur an die API gesendet.</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Testen</translation>
    </message>
    <message>
        <source>Ask the API whether it accepts this token (GET /accounts)</source>
        <translation>Die API fragen, ob sie dieses Token annimmt (GET /accounts)</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Wird getestet…</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Wird gespeichert…</translation>
    </message>
</context>
<context>
    <name>TokenText</name>
    <message>
        <source>No keyring is available: your API token is kept only until the app closes. To keep it, run a keyring service (GNOME Keyring, KWallet or KeePassXC) and set the token again, or set FLOWMUSIC_API_TOKEN in your environment.</source>
        <translation>Es ist kein Schlüsselbund verfügbar: Ihr API-Token bleibt nur, bis die App beendet wird. Um es zu behalten, starten Sie einen Schlüsselbunddienst (GNOME Keyring, KWallet oder KeePassXC) und legen Sie das Token erneut fest, oder setzen Sie FLOWMUSIC_API_TOKEN in Ihrer Umgebung.</translation>
    </message>
    <message>
        <source>Token: demo</source>
        <translation>Token: Demo</translation>
    </message>
    <message>
        <source>No token</source>
        <translation>Kein Token</translation>
    </message>
    <message>
        <source>Token: keyring</source>
        <translation>Token: Schlüsselbund</translation>
    </message>
    <message>
        <source>Token: environment</source>
        <translation>Token: Umgebung</translation>
    </message>
    <message>
        <source>Token: this session only</source>
        <translation>Token: nur diese Sitzung</translation>
    </message>
    <message>
        <source>Demo mode: the token is kept for this session only.</source>
        <translation>Demomodus: Das Token gilt nur für diese Sitzung.</translation>
    </message>
    <message>
        <source>No token is set.</source>
        <translation>Es ist kein Token festgelegt.</translation>
    </message>
    <message>
        <source>A token is set, saved in the system keyring. Save another to replace it.</source>
        <translation>Ein Token ist gesetzt und im Schlüsselbund des Systems gespeichert. Speichern Sie ein anderes, um es zu ersetzen.</translation>
    </message>
    <message>
        <source>A token is set by %1, which takes precedence over one saved here.</source>
        <translation>Ein Token ist über %1 gesetzt; es hat Vorrang vor einem hier gespeicherten.</translation>
    </message>
    <message>
        <source>A token is set for this session only: no keyring is available, so it goes when the app closes.</source>
        <translation>Ein Token ist nur für diese Sitzung gesetzt: Es gibt keinen Schlüsselbund, daher verschwindet es, wenn die App beendet wird.</translation>
    </message>
</context>
<context>
    <name>TrackerBinding</name>
    <message>
        <source>No jobs</source>
        <translation>Keine Jobs</translation>
    </message>
    <message numerus="yes">
        <source>%Ln job(s): {counts}</source>
        <translation>
            <numerusform>%Ln Job: {counts}</numerusform>
            <numerusform>%Ln Jobs: {counts}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln song(s) queued</source>
        <translation>
            <numerusform>%Ln Song in der Warteschlange</numerusform>
            <numerusform>%Ln Songs in der Warteschlange</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <source>&amp;New song…</source>
        <extracomment>Up to this many selected rows are looked at to tell whether Cancel applies; beyond, it is offered and sorts it out.</extracomment>
        <translation>&amp;Neuer Song…</translation>
    </message>
    <message>
        <source>Make songs: prompt, lyrics, account, how many, and what it costs</source>
        <translation>Songs erstellen: Prompt, Liedtext, Konto, wie viele und was es kostet</translation>
    </message>
    <message>
        <source>Make &amp;again…</source>
        <translation>&amp;Erneut erstellen…</translation>
    </message>
    <message>
        <source>The form with every field as this job&apos;s request sent it</source>
        <translation>Das Formular mit jedem Feld, wie die Anfrage dieses Jobs es schickte</translation>
    </message>
    <message>
        <source>&amp;Send again</source>
        <translation>Erneut &amp;senden</translation>
    </message>
    <message>
        <source>Send a song that was not made again (it is never resent by itself)</source>
        <translation>Einen nicht erstellten Song erneut senden (er wird nie von selbst erneut gesendet)</translation>
    </message>
    <message>
        <source>&amp;Add jobs…</source>
        <translation>Jobs &amp;hinzufügen…</translation>
    </message>
    <message>
        <source>Add job ids from any text</source>
        <translation>Job-IDs aus beliebigem Text hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Paste job ids</source>
        <translation>Job-IDs ein&amp;fügen</translation>
    </message>
    <message>
        <source>Add every job id in the clipboard</source>
        <translation>Alle Job-IDs aus der Zwischenablage hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Re-check now</source>
        <translation>Jetzt erneut &amp;prüfen</translation>
    </message>
    <message>
        <source>Ask the API about the selected jobs now</source>
        <translation>Die API jetzt nach den ausgewählten Jobs fragen</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Stop tracking the selected jobs</source>
        <translation>Die ausgewählten Jobs nicht mehr verfolgen</translation>
    </message>
    <message>
        <source>&amp;Cancel job</source>
        <translation>Job a&amp;bbrechen</translation>
    </message>
    <message>
        <source>Ask the API to stop the selected pending jobs (their credits are spent either way)</source>
        <translation>Die API bitten, die ausgewählten laufenden Jobs zu stoppen (ihre Credits sind so oder so verbraucht)</translation>
    </message>
    <message>
        <source>&amp;Pause checking</source>
        <translation>Abfragen pa&amp;usieren</translation>
    </message>
    <message>
        <source>Send no request to the API until this is unchecked; nothing is lost, and a fresh start always checks</source>
        <translation>Keine Anfrage an die API senden, bis dies abgewählt ist; nichts geht verloren, und ein Neustart fragt immer ab</translation>
    </message>
    <message>
        <source>A&amp;ccounts…</source>
        <translation>&amp;Konten…</translation>
    </message>
    <message>
        <source>The accounts on your token: running jobs, credits and health</source>
        <translation>Die Konten Ihres Tokens: laufende Jobs, Credits und Zustand</translation>
    </message>
    <message>
        <source>&amp;Copy job id</source>
        <translation>Job-ID &amp;kopieren</translation>
    </message>
    <message>
        <source>Copy record as &amp;JSON</source>
        <translation>Datensatz als &amp;JSON kopieren</translation>
    </message>
    <message>
        <source>Open &amp;audio</source>
        <translation>&amp;Audio öffnen</translation>
    </message>
    <message>
        <source>Open the first clip&apos;s audio in the system&apos;s player</source>
        <translation>Das Audio des ersten Clips im Player des Systems öffnen</translation>
    </message>
    <message>
        <source>Open &amp;WAV</source>
        <translation>&amp;WAV öffnen</translation>
    </message>
    <message>
        <source>&amp;Download all WAVs</source>
        <translation>Alle WAVs &amp;herunterladen</translation>
    </message>
    <message>
        <source>Save the WAV of every clip of the selected jobs in the download folder</source>
        <translation>Die WAV-Datei jedes Clips der ausgewählten Jobs im Download-Ordner speichern</translation>
    </message>
    <message>
        <source>Download &amp;clips</source>
        <translation>&amp;Clips herunterladen</translation>
    </message>
    <message>
        <source>Save every clip of the selected jobs in the default format (Settings)</source>
        <translation>Jeden Clip der ausgewählten Jobs im Standardformat speichern (Einstellungen)</translation>
    </message>
    <message>
        <source>&amp;Kept takes only</source>
        <translation>Nur &amp;behaltene Takes</translation>
    </message>
    <message>
        <source>Download only the takes starred as keepers in the detail view</source>
        <translation>Nur die Takes laden, die in der Detailansicht mit dem Stern markiert sind</translation>
    </message>
    <message>
        <source>Download my &amp;library…</source>
        <translation>Meine Bibliothek herunter&amp;laden…</translation>
    </message>
    <message>
        <source>Save every clip of every account on the token as a tagged mp3</source>
        <translation>Jeden Clip jedes Kontos des Tokens als getaggte mp3-Datei speichern</translation>
    </message>
    <message>
        <source>&amp;Downloads</source>
        <translation>&amp;Downloads</translation>
    </message>
    <message>
        <source>Show the downloads: progress, Cancel, Retry, Open</source>
        <translation>Die Downloads zeigen: Fortschritt, Abbrechen, Wiederholen, Öffnen</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>&amp;Suchen</translation>
    </message>
    <message>
        <source>API &amp;token…</source>
        <translation>API-&amp;Token…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>Ein&amp;stellungen…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Play or pause</source>
        <translation>&amp;Abspielen oder pausieren</translation>
    </message>
    <message>
        <source>Play the selected job&apos;s first clip, or pause what plays</source>
        <translation>Den ersten Clip des ausgewählten Jobs abspielen oder die Wiedergabe pausieren</translation>
    </message>
    <message>
        <source>Ne&amp;xt clip</source>
        <translation>&amp;Nächster Clip</translation>
    </message>
    <message>
        <source>Pre&amp;vious clip</source>
        <translation>&amp;Vorheriger Clip</translation>
    </message>
    <message>
        <source>Open &amp;log folder</source>
        <translation>&amp;Protokollordner öffnen</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>Ü&amp;ber</translation>
    </message>
    <message>
        <source>Cancel job</source>
        <translation>Job abbrechen</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Jobs</source>
        <translation>&amp;Jobs</translation>
    </message>
    <message>
        <source>P&amp;layback</source>
        <translation>&amp;Wiedergabe</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Haupt</translation>
    </message>
    <message>
        <source>&amp;Cancel jobs</source>
        <translation>Jobs a&amp;bbrechen</translation>
    </message>
    <message>
        <source>Cancel jobs</source>
        <translation>Jobs abbrechen</translation>
    </message>
</context>
<context>
    <name>WindowController</name>
    <message>
        <source>Loading…</source>
        <extracomment>``flowmusic-gui --no-discover``: this session takes in no job found on the account, whatever the setting. The window&apos;s studio (ui/studio/controller.py), started once a token is set.</extracomment>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>The keyring could not be read ({error}).</source>
        <translation>Der Schlüsselbund konnte nicht gelesen werden ({error}).</translation>
    </message>
    <message>
        <source>Set your API token to start watching jobs.</source>
        <translation>Legen Sie Ihr API-Token fest, um Jobs zu beobachten.</translation>
    </message>
    <message>
        <source>The API token was rejected: polling waits until you set a working one.</source>
        <translation>Das API-Token wurde abgelehnt: Die Abfragen warten, bis Sie ein funktionierendes festlegen.</translation>
    </message>
    <message>
        <source>Set token…</source>
        <translation>Token festlegen…</translation>
    </message>
    <message>
        <source>The token is {where}.</source>
        <translation>Das Token ist {where}.</translation>
    </message>
    <message>
        <source>Token saved in the system keyring: polling resumes</source>
        <translation>Token im Schlüsselbund des Systems gespeichert: Die Abfragen laufen weiter</translation>
    </message>
    <message>
        <source>Token in use until the app closes: polling resumes</source>
        <translation>Token in Gebrauch, bis die App beendet wird: Die Abfragen laufen weiter</translation>
    </message>
    <message>
        <source>The demo forgets its settings when it closes, so it will not start in {language}. To see the demo in {language}, start it with LANGUAGE={code} flowmusic-gui --demo.</source>
        <translation>Die Demo vergisst ihre Einstellungen beim Schließen und startet daher nicht auf {language}. Um die Demo auf {language} zu sehen, starten Sie sie mit LANGUAGE={code} flowmusic-gui --demo.</translation>
    </message>
    <message>
        <source>The demo forgets its settings when it closes: it starts in the system language.</source>
        <translation>Die Demo vergisst ihre Einstellungen beim Schließen: Sie startet in der Systemsprache.</translation>
    </message>
    <message>
        <source>The new language applies at the next start.</source>
        <translation>Die neue Sprache gilt ab dem nächsten Start.</translation>
    </message>
    <message>
        <source>Could not change the autostart entry ({error}).</source>
        <translation>Der Autostart-Eintrag konnte nicht geändert werden ({error}).</translation>
    </message>
    <message>
        <source>the command line</source>
        <translation>der Befehlszeile</translation>
    </message>
    <message>
        <source>the clipboard</source>
        <translation>der Zwischenablage</translation>
    </message>
    <message numerus="yes">
        <source>Added %Ln job(s)</source>
        <translation>
            <numerusform>%Ln Job hinzugefügt</numerusform>
            <numerusform>%Ln Jobs hinzugefügt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln already tracked</source>
        <translation>
            <numerusform>%Ln schon verfolgt</numerusform>
            <numerusform>%Ln schon verfolgt</numerusform>
        </translation>
    </message>
    <message>
        <source>No job id found in {source}</source>
        <translation>Keine Job-ID in {source} gefunden</translation>
    </message>
    <message>
        <source>No job id found</source>
        <translation>Keine Job-ID gefunden</translation>
    </message>
    <message numerus="yes">
        <source>%Ln piece(s) rejected: {first}</source>
        <translation>
            <numerusform>%Ln Teil abgelehnt: {first}</numerusform>
            <numerusform>%Ln Teile abgelehnt: {first}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hidden by the current filter</source>
        <translation>
            <numerusform>%n durch den aktuellen Filter ausgeblendet</numerusform>
            <numerusform>%n durch den aktuellen Filter ausgeblendet</numerusform>
        </translation>
    </message>
    <message>
        <source>Show all</source>
        <translation>Alle anzeigen</translation>
    </message>
    <message>
        <source>{parts}.</source>
        <translation>{parts}.</translation>
    </message>
    <message>
        <source>the dialog</source>
        <translation>dem Dialog</translation>
    </message>
    <message>
        <source>Remove jobs</source>
        <translation>Jobs entfernen</translation>
    </message>
    <message numerus="yes">
        <source>Stop tracking %Ln job(s)? Their records are removed from this computer.</source>
        <translation>
            <numerusform>%Ln Job nicht mehr verfolgen? Sein Datensatz wird von diesem Computer entfernt.</numerusform>
            <numerusform>%Ln Jobs nicht mehr verfolgen? Ihre Datensätze werden von diesem Computer entfernt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Removed %Ln job(s).</source>
        <translation>
            <numerusform>%Ln Job entfernt.</numerusform>
            <numerusform>%Ln Jobs entfernt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message numerus="yes">
        <source>Restored %Ln job(s)</source>
        <translation>
            <numerusform>%Ln Job wiederhergestellt</numerusform>
            <numerusform>%Ln Jobs wiederhergestellt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Re-checking %Ln job(s)…</source>
        <translation>
            <numerusform>%Ln Job wird erneut geprüft…</numerusform>
            <numerusform>%Ln Jobs werden erneut geprüft…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WindowStatus</name>
    <message>
        <source>Demo mode</source>
        <translation>Demomodus</translation>
    </message>
    <message>
        <source>Started with --demo: jobs come from a simulator on this computer, not your FlowMusic account</source>
        <translation>Mit --demo gestartet: Die Jobs kommen von einem Simulator auf diesem Computer, nicht von Ihrem FlowMusic-Konto</translation>
    </message>
    <message>
        <source>Checking paused</source>
        <translation>Abfragen pausiert</translation>
    </message>
    <message>
        <source>{problem}, retrying in {seconds} s</source>
        <translation>{problem}, neuer Versuch in {seconds} s</translation>
    </message>
    <message>
        <source>Rate limited: waiting {seconds} s</source>
        <translation>Anfragelimit erreicht: warte {seconds} s</translation>
    </message>
    <message>
        <source>The token in use: {where}.</source>
        <translation>Das verwendete Token: {where}.</translation>
    </message>
</context>
<context>
    <name>_DownloadRow</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>Open the folder that holds the file</source>
        <translation>Den Ordner mit der Datei öffnen</translation>
    </message>
    <message>
        <source>{what}: {received} of {total} MB</source>
        <translation>{what}: {received} von {total} MB</translation>
    </message>
    <message>
        <source>{what}: {received} MB</source>
        <translation>{what}: {received} MB</translation>
    </message>
</context>
</TS>
