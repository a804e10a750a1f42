<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US" sourcelanguage="en">
<context>
    <name>AccountText</name>
    <message numerus="yes">
        <source>%Ln running</source>
        <translation>
            <numerusform>%Ln running</numerusform>
            <numerusform>%Ln running</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln need(s) attention</source>
        <translation>
            <numerusform>%Ln needs attention</numerusform>
            <numerusform>%Ln need attention</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln account(s)</source>
        <translation>
            <numerusform>%Ln account</numerusform>
            <numerusform>%Ln accounts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AccountsController</name>
    <message numerus="yes">
        <source>%Ln new job(s) found on {email}</source>
        <translation>
            <numerusform>%Ln new job found on {email}</numerusform>
            <numerusform>%Ln new jobs found on {email}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancelling %Ln job(s)…</source>
        <translation>
            <numerusform>Cancelling %Ln job…</numerusform>
            <numerusform>Cancelling %Ln jobs…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln job(s) could not be cancelled.</source>
        <translation>
            <numerusform>%Ln job could not be cancelled.</numerusform>
            <numerusform>%Ln jobs could not be cancelled.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ActivityButton</name>
    <message numerus="yes">
        <source>%n new events: show recent activity</source>
        <translation>
            <numerusform>%n new event: show recent activity</numerusform>
            <numerusform>%n new events: show recent activity</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>AddJobsDialog</name>
    <message numerus="yes">
        <source>Add %Ln job(s)</source>
        <translation>
            <numerusform>Add %Ln job</numerusform>
            <numerusform>Add %Ln jobs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CancelText</name>
    <message numerus="yes">
        <source>Cancel these %Ln jobs? The songs may still finish, and their credits are spent either way. Cancelling frees the accounts&apos; slots for other jobs.</source>
        <translation>
            <numerusform>Cancel this %Ln job? The song may still finish, and its credits are spent either way. Cancelling frees the account&apos;s slot for another job.</numerusform>
            <numerusform>Cancel these %Ln jobs? The songs may still finish, and their credits are spent either way. Cancelling frees the accounts&apos; slots for other jobs.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ClipCard</name>
    <message numerus="yes">
        <source>%Ln timing marker(s): too many to draw on a strip.</source>
        <translation>
            <numerusform>%Ln timing marker: too many to draw on a strip.</numerusform>
            <numerusform>%Ln timing markers: too many to draw on a strip.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ClipPage</name>
    <message numerus="yes">
        <source>… and %Ln more clip(s).</source>
        <translation>
            <numerusform>… and %Ln more clip.</numerusform>
            <numerusform>… and %Ln more clips.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Show %Ln more</source>
        <translation>
            <numerusform>Show %Ln more</numerusform>
            <numerusform>Show %Ln more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DemoText</name>
    <message numerus="yes">
        <source>You downloaded %n file(s) in the demo. The demo&apos;s folder is deleted when it closes: keep them in {folder}?</source>
        <translation>
            <numerusform>You downloaded %n file in the demo. The demo&apos;s folder is deleted when it closes: keep it in {folder}?</numerusform>
            <numerusform>You downloaded %n files in the demo. The demo&apos;s folder is deleted when it closes: keep them in {folder}?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DownloadText</name>
    <message numerus="yes">
        <source>Done, {size} (%Ln warning(s))</source>
        <translation>
            <numerusform>Done, {size} (%Ln warning)</numerusform>
            <numerusform>Done, {size} (%Ln warnings)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DownloadsCoordinator</name>
    <message numerus="yes">
        <source>%n job(s) without a kept take skipped (Kept takes only).</source>
        <translation>
            <numerusform>%n job without a kept take skipped (Kept takes only).</numerusform>
            <numerusform>%n jobs without a kept take skipped (Kept takes only).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExtractionSummary</name>
    <message numerus="yes">
        <source>%Ln job id(s) found</source>
        <translation>
            <numerusform>%Ln job id found</numerusform>
            <numerusform>%Ln job ids found</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln piece(s) rejected</source>
        <translation>
            <numerusform>%Ln piece rejected</numerusform>
            <numerusform>%Ln pieces rejected</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln job id(s) found, {rejected}</source>
        <translation>
            <numerusform>%Ln job id found, {rejected}</numerusform>
            <numerusform>%Ln job ids found, {rejected}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message numerus="yes">
        <source>%1 of %n shown</source>
        <translation>
            <numerusform>%1 of %n shown</numerusform>
            <numerusform>%1 of %n shown</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>JobHeader</name>
    <message numerus="yes">
        <source>… and %Ln more</source>
        <translation>
            <numerusform>… and %Ln more</numerusform>
            <numerusform>… and %Ln more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Show the whole prompt (%Ln character(s))</source>
        <translation>
            <numerusform>Show the whole prompt (%Ln character)</numerusform>
            <numerusform>Show the whole prompt (%Ln characters)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LyricsView</name>
    <message numerus="yes">
        <source>… and %Ln more line(s): export the lyrics or the record for all of them.</source>
        <translation>
            <numerusform>… and %Ln more line: export the lyrics or the record for all of them.</numerusform>
            <numerusform>… and %Ln more lines: export the lyrics or the record for all of them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln sung line(s)</source>
        <translation>
            <numerusform>%Ln sung line</numerusform>
            <numerusform>%Ln sung lines</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln timing marker(s) that do not match the {sung}, listed on their own:</source>
        <translation>
            <numerusform>%Ln timing marker that do not match the {sung}, listed on their own:</numerusform>
            <numerusform>%Ln timing markers that do not match the {sung}, listed on their own:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %Ln more timing marker(s): export the lyrics or the record for all of them.</source>
        <translation>
            <numerusform>… and %Ln more timing marker: export the lyrics or the record for all of them.</numerusform>
            <numerusform>… and %Ln more timing markers: export the lyrics or the record for all of them.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>Welcome to the demo: %n sample jobs; songs finish within about a minute. Nothing here touches your FlowMusic account.</source>
        <translation>
            <numerusform>Welcome to the demo: %n sample job; songs finish within about a minute. Nothing here touches your FlowMusic account.</numerusform>
            <numerusform>Welcome to the demo: %n sample jobs; songs finish within about a minute. Nothing here touches your FlowMusic account.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NewSongDialog</name>
    <message numerus="yes">
        <source>%n song(s), one per line</source>
        <translation>
            <numerusform>%n song, one per line</numerusform>
            <numerusform>%n songs, one per line</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n song(s)</source>
        <translation>
            <numerusform>%n song</numerusform>
            <numerusform>%n songs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Checking %n file(s)…</source>
        <translation>
            <numerusform>Checking %n file…</numerusform>
            <numerusform>Checking %n files…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n image</numerusform>
            <numerusform>%n images</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n audio file(s)</source>
        <translation>
            <numerusform>%n audio file</numerusform>
            <numerusform>%n audio files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Uploading %n file(s) to {account}…</source>
        <translation>
            <numerusform>Uploading %n file to {account}…</numerusform>
            <numerusform>Uploading %n files to {account}…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NotificationText</name>
    <message numerus="yes">
        <source>{title} — %Ln clip(s)</source>
        <extracomment>Songs finishing within this long of the previous one join its notification.</extracomment>
        <translation>
            <numerusform>{title} — %Ln clip</numerusform>
            <numerusform>{title} — %Ln clips</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{titles} and %Ln more</source>
        <translation>
            <numerusform>{titles} and %Ln more</numerusform>
            <numerusform>{titles} and %Ln more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln songs ready</source>
        <translation>
            <numerusform>%Ln song ready</numerusform>
            <numerusform>%Ln songs ready</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PaneFooter</name>
    <message numerus="yes">
        <source>Downloaded %Ln WAV(s)</source>
        <translation>
            <numerusform>Downloaded %Ln WAV</numerusform>
            <numerusform>Downloaded %Ln WAVs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln already there</source>
        <translation>
            <numerusform>%Ln already there</numerusform>
            <numerusform>%Ln already there</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln failed</source>
        <translation>
            <numerusform>%Ln failed</numerusform>
            <numerusform>%Ln failed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Selection</name>
    <message numerus="yes">
        <source>%n jobs selected</source>
        <extracomment>Selected jobs counted by state at most (select-all must stay instant).</extracomment>
        <translation>
            <numerusform>%n job selected</numerusform>
            <numerusform>%n jobs selected</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SelectionCommands</name>
    <message numerus="yes">
        <source>Copied %Ln job id(s)</source>
        <extracomment>The window&apos;s studio (ui/studio/controller.py), once attached: queued rows are dropped through it.</extracomment>
        <translation>
            <numerusform>Copied %Ln job id</numerusform>
            <numerusform>Copied %Ln job ids</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied %Ln record(s) as JSON</source>
        <translation>
            <numerusform>Copied %Ln record as JSON</numerusform>
            <numerusform>Copied %Ln records as JSON</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StateCount</name>
    <message numerus="yes">
        <source>%Ln new</source>
        <extracomment>The languages the app speaks, each named in itself (a language list reads the same in every language).</extracomment>
        <translation>
            <numerusform>%Ln new</numerusform>
            <numerusform>%Ln new</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln pending</source>
        <translation>
            <numerusform>%Ln pending</numerusform>
            <numerusform>%Ln pending</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln completed</source>
        <translation>
            <numerusform>%Ln completed</numerusform>
            <numerusform>%Ln completed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln failed</source>
        <translation>
            <numerusform>%Ln failed</numerusform>
            <numerusform>%Ln failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln not found</source>
        <translation>
            <numerusform>%Ln not found</numerusform>
            <numerusform>%Ln not found</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln forbidden</source>
        <translation>
            <numerusform>%Ln forbidden</numerusform>
            <numerusform>%Ln forbidden</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TrackerBinding</name>
    <message numerus="yes">
        <source>%Ln job(s): {counts}</source>
        <translation>
            <numerusform>%Ln job: {counts}</numerusform>
            <numerusform>%Ln jobs: {counts}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln song(s) queued</source>
        <translation>
            <numerusform>%Ln song queued</numerusform>
            <numerusform>%Ln songs queued</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WindowController</name>
    <message numerus="yes">
        <source>Added %Ln job(s)</source>
        <translation>
            <numerusform>Added %Ln job</numerusform>
            <numerusform>Added %Ln jobs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln already tracked</source>
        <translation>
            <numerusform>%Ln already tracked</numerusform>
            <numerusform>%Ln already tracked</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln piece(s) rejected: {first}</source>
        <translation>
            <numerusform>%Ln piece rejected: {first}</numerusform>
            <numerusform>%Ln pieces rejected: {first}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hidden by the current filter</source>
        <translation>
            <numerusform>%n hidden by the current filter</numerusform>
            <numerusform>%n hidden by the current filter</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Stop tracking %Ln job(s)? Their records are removed from this computer.</source>
        <translation>
            <numerusform>Stop tracking %Ln job? Their records are removed from this computer.</numerusform>
            <numerusform>Stop tracking %Ln jobs? Their records are removed from this computer.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Removed %Ln job(s).</source>
        <translation>
            <numerusform>Removed %Ln job.</numerusform>
            <numerusform>Removed %Ln jobs.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Restored %Ln job(s)</source>
        <translation>
            <numerusform>Restored %Ln job</numerusform>
            <numerusform>Restored %Ln jobs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Re-checking %Ln job(s)…</source>
        <translation>
            <numerusform>Re-checking %Ln job…</numerusform>
            <numerusform>Re-checking %Ln jobs…</numerusform>
        </translation>
    </message>
</context>
</TS>
