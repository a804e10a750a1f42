<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>Watches FlowMusic generation jobs until they finish, then shows, plays and downloads the songs.</source>
        <translation>Vigila los trabajos de generación de FlowMusic hasta que terminan y luego muestra, reproduce y descarga las canciones.</translation>
    </message>
    <message>
        <source>Version {version}</source>
        <translation>Versión {version}</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Datos</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Configuración</translation>
    </message>
    <message>
        <source>Cache</source>
        <translation>Caché</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Registros</translation>
    </message>
    <message>
        <source>About {app}</source>
        <translation>Acerca de {app}</translation>
    </message>
</context>
<context>
    <name>AccountText</name>
    <message>
        <source>No accounts on the token</source>
        <translation>Ninguna cuenta en el token</translation>
    </message>
    <message>
        <source>Accounts: reading…</source>
        <translation>Cuentas: leyendo…</translation>
    </message>
    <message numerus="yes">
        <source>%Ln running</source>
        <translation>
            <numerusform>%Ln en curso</numerusform>
            <numerusform>%Ln en curso</numerusform>
        </translation>
    </message>
    <message>
        <source>lowest {credits} credits</source>
        <translation>saldo mínimo {credits} créditos</translation>
    </message>
    <message numerus="yes">
        <source>%Ln need(s) attention</source>
        <translation>
            <numerusform>%Ln requiere atención</numerusform>
            <numerusform>%Ln requieren atención</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln account(s)</source>
        <translation>
            <numerusform>%Ln cuenta</numerusform>
            <numerusform>%Ln cuentas</numerusform>
        </translation>
    </message>
    <message>
        <source>Error: {error}</source>
        <translation>Error: {error}</translation>
    </message>
    <message>
        <source>Error: {error} {remedy}</source>
        <translation>Error: {error} {remedy}</translation>
    </message>
    <message>
        <source>Healthy</source>
        <translation>Correcta</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Comprobando…</translation>
    </message>
</context>
<context>
    <name>Accounts</name>
    <message>
        <source>Re-add the account at useapi.net; its jobs wait and resume by themselves when it is healthy again.</source>
        <extracomment>The least time between two balance reads of one account, and between two reads of the account list. After a job of an account finishes, its balance is read this much later (finishes close together share one). What fixes an account in the error state; said with its name.</extracomment>
        <translation>Vuelva a añadir la cuenta en useapi.net; sus trabajos esperan y se reanudan solos cuando vuelva a estar correcta.</translation>
    </message>
</context>
<context>
    <name>AccountsController</name>
    <message>
        <source>Accounts</source>
        <translation>Cuentas</translation>
    </message>
    <message>
        <source>The accounts on your token: running jobs, credits and health</source>
        <translation>Las cuentas de su token: trabajos en curso, créditos y estado</translation>
    </message>
    <message>
        <source>Lowest balance: {email}</source>
        <translation>Saldo más bajo: {email}</translation>
    </message>
    <message>
        <source>Needs attention: {accounts}</source>
        <translation>Requiere atención: {accounts}</translation>
    </message>
    <message>
        <source>The account {email} is in an error state: FlowMusic rejected its sign-in. {remedy}</source>
        <translation>La cuenta {email} está en estado de error: FlowMusic rechazó su inicio de sesión. {remedy}</translation>
    </message>
    <message>
        <source>Accounts…</source>
        <translation>Cuentas…</translation>
    </message>
    <message>
        <source>The account {email} answers again: its jobs resume.</source>
        <translation>La cuenta {email} vuelve a responder: sus trabajos se reanudan.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln new job(s) found on {email}</source>
        <translation>
            <numerusform>%Ln trabajo nuevo encontrado en {email}</numerusform>
            <numerusform>%Ln trabajos nuevos encontrados en {email}</numerusform>
        </translation>
    </message>
    <message>
        <source>{job}, found on {email}, does not exist (the API answered 404); it was taken off the list.</source>
        <translation>{job}, encontrado en {email}, no existe (la API respondió 404); se quitó de la lista.</translation>
    </message>
    <message>
        <source>an account</source>
        <translation>una cuenta</translation>
    </message>
    <message numerus="yes">
        <source>Cancelling %Ln job(s)…</source>
        <translation>
            <numerusform>Cancelando %Ln trabajo…</numerusform>
            <numerusform>Cancelando %Ln trabajos…</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelled: the songs may still finish.</source>
        <translation>Cancelado: las canciones aún pueden terminarse.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln job(s) could not be cancelled.</source>
        <translation>
            <numerusform>No se pudo cancelar %Ln trabajo.</numerusform>
            <numerusform>No se pudieron cancelar %Ln trabajos.</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not cancel {job}: {error}</source>
        <translation>No se pudo cancelar {job}: {error}</translation>
    </message>
</context>
<context>
    <name>AccountsDialog</name>
    <message>
        <source>Account</source>
        <translation>Cuenta</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>En curso</translation>
    </message>
    <message>
        <source>Credits</source>
        <translation>Créditos</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Accounts</source>
        <translation>Cuentas</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <source>Read the accounts and their balances again now</source>
        <translation>Volver a leer ahora las cuentas y sus saldos</translation>
    </message>
    <message>
        <source>The accounts could not be read: {message}</source>
        <translation>No se pudieron leer las cuentas: {message}</translation>
    </message>
    <message>
        <source>No accounts read yet.</source>
        <translation>Aún no se ha leído ninguna cuenta.</translation>
    </message>
</context>
<context>
    <name>ActivityButton</name>
    <message>
        <source>Recent activity</source>
        <translation>Actividad reciente</translation>
    </message>
    <message numerus="yes">
        <source>%n new events: show recent activity</source>
        <translation>
            <numerusform>%n evento nuevo: mostrar la actividad reciente</numerusform>
            <numerusform>%n eventos nuevos: mostrar la actividad reciente</numerusform>
        </translation>
    </message>
    <message>
        <source>Show recent activity</source>
        <translation>Mostrar la actividad reciente</translation>
    </message>
</context>
<context>
    <name>ActivityPopup</name>
    <message>
        <source>Recent activity</source>
        <translation>Actividad reciente</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Borrar</translation>
    </message>
    <message>
        <source>Nothing yet: finished songs, failures and problems are listed here.</source>
        <translation>Nada todavía: aquí aparecen las canciones terminadas, los fallos y los problemas.</translation>
    </message>
</context>
<context>
    <name>AddJobsDialog</name>
    <message>
        <source>Add jobs</source>
        <translation>Añadir trabajos</translation>
    </message>
    <message>
        <source>Paste job ids, a list of them, or the JSON answer of POST /music: every job id in the text is added.</source>
        <translation>Pegue ID de trabajo, una lista de ellos o la respuesta JSON de POST /music: se añadirán todos los ID de trabajo del texto.</translation>
    </message>
    <message numerus="yes">
        <source>Add %Ln job(s)</source>
        <translation>
            <numerusform>Añadir %Ln trabajo</numerusform>
            <numerusform>Añadir %Ln trabajos</numerusform>
        </translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Añadir</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Could not start: {error}</source>
        <extracomment>Imported on a worker right after the first paint, so that building the pane and starting the backend on the GUI thread find them loaded. Plain Python and QtCore only: nothing here makes a widget.</extracomment>
        <translation>No se pudo iniciar: {error}</translation>
    </message>
    <message>
        <source>another launch (the demo looks them up on its simulator)</source>
        <translation>otro inicio (la demo los busca en su simulador)</translation>
    </message>
    <message>
        <source>another launch</source>
        <translation>otro inicio del programa</translation>
    </message>
    <message>
        <source>the command line</source>
        <translation>la línea de órdenes</translation>
    </message>
</context>
<context>
    <name>Autostart</name>
    <message>
        <source>Could not write {path}: {error}</source>
        <translation>No se pudo escribir {path}: {error}</translation>
    </message>
    <message>
        <source>Could not remove {path}: {error}</source>
        <translation>No se pudo eliminar {path}: {error}</translation>
    </message>
</context>
<context>
    <name>CancelText</name>
    <message>
        <source>Cancel this job? The song may still finish, and its credits are spent either way. Cancelling frees the account&apos;s slot for another job.</source>
        <translation>¿Cancelar este trabajo? Puede que la canción termine igualmente, y sus créditos se gastan de todos modos. Cancelar libera el hueco de la cuenta para otro trabajo.</translation>
    </message>
    <message numerus="yes">
        <source>Cancel these %Ln jobs? The songs may still finish, and their credits are spent either way. Cancelling frees the accounts&apos; slots for other jobs.</source>
        <translation>
            <numerusform>¿Cancelar este %Ln trabajo? Puede que la canción termine igualmente, y sus créditos se gastan de todos modos. Cancelar libera el hueco de la cuenta para otro trabajo.</numerusform>
            <numerusform>¿Cancelar estos %Ln trabajos? Puede que las canciones terminen igualmente, y sus créditos se gastan de todos modos. Cancelar libera los huecos de las cuentas para otros trabajos.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancel jobs</source>
        <translation>Cancelar trabajos</translation>
    </message>
    <message>
        <source>Cancel job</source>
        <translation>Cancelar trabajo</translation>
    </message>
    <message>
        <source>Keep running</source>
        <translation>Dejar que sigan</translation>
    </message>
</context>
<context>
    <name>ClipCard</name>
    <message>
        <source>Cover</source>
        <translation>Portada</translation>
    </message>
    <message>
        <source>This clip has no cover image.</source>
        <translation>Este clip no tiene imagen de portada.</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>Sin título</translation>
    </message>
    <message>
        <source>Clip title</source>
        <translation>Título del clip</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>Duración</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Semilla</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Creado</translation>
    </message>
    <message>
        <source>The record has no clip id.</source>
        <translation>El registro no tiene ID de clip.</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copiar</translation>
    </message>
    <message>
        <source>Copy the clip id</source>
        <translation>Copiar el ID del clip</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Reproducir</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Posición</translation>
    </message>
    <message>
        <source>The record has no http or https audio link.</source>
        <translation>El registro no tiene ningún enlace de audio http o https.</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Abrir</translation>
    </message>
    <message>
        <source>Open the song in another program</source>
        <translation>Abrir la canción en otro programa</translation>
    </message>
    <message>
        <source>The record has no http or https link to the audio.</source>
        <translation>El registro no tiene ningún enlace http o https al audio.</translation>
    </message>
    <message>
        <source>The record has no http or https link to the WAV.</source>
        <translation>El registro no tiene ningún enlace http o https al WAV.</translation>
    </message>
    <message>
        <source>Copy link</source>
        <translation>Copiar enlace</translation>
    </message>
    <message>
        <source>Lyrics as text (.txt)…</source>
        <translation>Letra como texto (.txt)…</translation>
    </message>
    <message>
        <source>Synced lyrics (.lrc)…</source>
        <translation>Letra sincronizada (.lrc)…</translation>
    </message>
    <message>
        <source>Audio</source>
        <translation>Audio</translation>
    </message>
    <message>
        <source>Stop downloading the audio</source>
        <translation>Detener la descarga del audio</translation>
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
        <translation>Descargar</translation>
    </message>
    <message>
        <source>Save the song in a format</source>
        <translation>Guardar la canción en un formato</translation>
    </message>
    <message>
        <source>mp3</source>
        <translation>mp3</translation>
    </message>
    <message>
        <source>An mp3 made by the API (needs the API token)</source>
        <translation>Un mp3 generado por la API (necesita el token de la API)</translation>
    </message>
    <message>
        <source>The record has no clip id, which the mp3 download needs.</source>
        <translation>El registro no tiene id de clip, que la descarga en mp3 necesita.</translation>
    </message>
    <message>
        <source>Copy the audio link: {link}</source>
        <translation>Copiar el enlace del audio: {link}</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportar</translation>
    </message>
    <message>
        <source>Save the record or the lyrics</source>
        <translation>Guardar el registro o la letra</translation>
    </message>
    <message>
        <source>Job record (.json)…</source>
        <translation>Registro del trabajo (.json)…</translation>
    </message>
    <message>
        <source>Make</source>
        <translation>Crear</translation>
    </message>
    <message>
        <source>Make from this take: extend, replace a region, cover, remix, effect, stems</source>
        <translation>Crear a partir de esta toma: alargar, reemplazar una región, versión, remezcla, efecto, pistas</translation>
    </message>
    <message>
        <source>Keeper</source>
        <translation>Favorita</translation>
    </message>
    <message>
        <source>Kept</source>
        <translation>Guardada</translation>
    </message>
    <message>
        <source>Not kept</source>
        <translation>No guardada</translation>
    </message>
    <message>
        <source>The record has no clip id, which a keeper is kept by.</source>
        <translation>El registro no tiene id de clip, con el que se guarda una favorita.</translation>
    </message>
    <message>
        <source>The keeper: click to unmark this take</source>
        <translation>La toma favorita: haga clic para desmarcarla</translation>
    </message>
    <message>
        <source>Mark this take as the keeper (Downloads can fetch kept takes only)</source>
        <translation>Marcar esta toma como favorita (las descargas pueden traer solo las tomas guardadas)</translation>
    </message>
    <message>
        <source>Extend…</source>
        <translation>Alargar…</translation>
    </message>
    <message>
        <source>Replace a region…</source>
        <translation>Reemplazar una región…</translation>
    </message>
    <message>
        <source>Cover…</source>
        <translation>Versión…</translation>
    </message>
    <message>
        <source>Remix…</source>
        <translation>Remezcla…</translation>
    </message>
    <message>
        <source>Effect…</source>
        <translation>Efecto…</translation>
    </message>
    <message>
        <source>Stems…</source>
        <translation>Pistas…</translation>
    </message>
    <message>
        <source>Stop downloading the WAV</source>
        <translation>Detener la descarga del WAV</translation>
    </message>
    <message>
        <source>Stop downloading the mp3</source>
        <translation>Detener la descarga del mp3</translation>
    </message>
    <message numerus="yes">
        <source>%Ln timing marker(s): too many to draw on a strip.</source>
        <translation>
            <numerusform>%Ln marca de tiempo: demasiadas para dibujarlas en una franja.</numerusform>
            <numerusform>%Ln marcas de tiempo: demasiadas para dibujarlas en una franja.</numerusform>
        </translation>
    </message>
    <message>
        <source>Instrumental: no lyrics.</source>
        <translation>Instrumental: sin letra.</translation>
    </message>
    <message>
        <source>The lyrics are empty.</source>
        <translation>La letra está vacía.</translation>
    </message>
    <message>
        <source>Lyrics timing</source>
        <translation>Marcas de tiempo de la letra</translation>
    </message>
    <message>
        <source>Show the lyrics 0.1 s earlier (the highlight comes late)</source>
        <translation>Mostrar la letra 0,1 s antes (el resaltado llega tarde)</translation>
    </message>
    <message>
        <source>Lyrics earlier</source>
        <translation>Letra antes</translation>
    </message>
    <message>
        <source>Show the lyrics 0.1 s later (the highlight comes early)</source>
        <translation>Mostrar la letra 0,1 s después (el resaltado llega pronto)</translation>
    </message>
    <message>
        <source>Lyrics later</source>
        <translation>Letra después</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Restablecer</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausa</translation>
    </message>
</context>
<context>
    <name>ClipDownloads</name>
    <message>
        <source>Nothing on this system could open the folder {folder}.</source>
        <translation>Nada en este sistema pudo abrir la carpeta {folder}.</translation>
    </message>
    <message>
        <source>Only http and https links are downloaded.</source>
        <translation>Solo se descargan enlaces http y https.</translation>
    </message>
    <message>
        <source>No WAV links to download in the selected jobs.</source>
        <translation>Los trabajos seleccionados no tienen enlaces WAV para descargar.</translation>
    </message>
</context>
<context>
    <name>ClipPage</name>
    <message>
        <source>The record lists no clips.</source>
        <translation>El registro no contiene clips.</translation>
    </message>
    <message>
        <source>Takes</source>
        <translation>Tomas</translation>
    </message>
    <message>
        <source>Clip</source>
        <translation>Clip</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>Volumen</translation>
    </message>
    <message>
        <source>%1, kept</source>
        <translation>%1, guardada</translation>
    </message>
    <message numerus="yes">
        <source>… and %Ln more clip(s).</source>
        <translation>
            <numerusform>… y %Ln clip más.</numerusform>
            <numerusform>… y %Ln clips más.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Show %Ln more</source>
        <translation>
            <numerusform>Mostrar %Ln más</numerusform>
            <numerusform>Mostrar %Ln más</numerusform>
        </translation>
    </message>
    <message>
        <source>Take %1</source>
        <translation>Toma %1</translation>
    </message>
</context>
<context>
    <name>Covers</name>
    <message>
        <source>The cover is not an image this app can read.</source>
        <translation>La portada no es una imagen que esta aplicación pueda leer.</translation>
    </message>
    <message>
        <source>The cover is too large ({width}×{height} pixels).</source>
        <translation>La portada es demasiado grande ({width}×{height} píxeles).</translation>
    </message>
    <message>
        <source>The cover could not be decoded ({error}).</source>
        <translation>No se pudo decodificar la portada ({error}).</translation>
    </message>
</context>
<context>
    <name>DemoText</name>
    <message numerus="yes">
        <source>You downloaded %n file(s) in the demo. The demo&apos;s folder is deleted when it closes: keep them in {folder}?</source>
        <translation>
            <numerusform>Descargó %n archivo en la demo. La carpeta de la demo se borra al cerrarla: ¿conservarlo en {folder}?</numerusform>
            <numerusform>Descargó %n archivos en la demo. La carpeta de la demo se borra al cerrarla: ¿conservarlos en {folder}?</numerusform>
        </translation>
    </message>
    <message>
        <source>The demo&apos;s downloads</source>
        <translation>Las descargas de la demo</translation>
    </message>
    <message>
        <source>Keep them</source>
        <translation>Conservarlas</translation>
    </message>
    <message>
        <source>Delete them</source>
        <translation>Borrarlas</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <source>Select a job to see its clips.
Paste job ids with Ctrl+V to track new ones.</source>
        <translation>Seleccione un trabajo para ver sus clips.
Pegue ID de trabajo con Ctrl+V para seguir otros nuevos.</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>Sin título</translation>
    </message>
    <message>
        <source>made in %1</source>
        <translation>generado en %1</translation>
    </message>
    <message>
        <source>The cover link is not an http or https URL.</source>
        <translation>El enlace de la portada no es una URL http o https.</translation>
    </message>
    <message>
        <source>Copied the job id.</source>
        <translation>ID del trabajo copiado.</translation>
    </message>
    <message>
        <source>Copied the clip id.</source>
        <translation>ID del clip copiado.</translation>
    </message>
    <message>
        <source>Copied the link.</source>
        <translation>Enlace copiado.</translation>
    </message>
    <message>
        <source>Copied.</source>
        <translation>Copiado.</translation>
    </message>
    <message>
        <source>Only http and https links are opened.</source>
        <translation>Solo se abren enlaces http y https.</translation>
    </message>
    <message>
        <source>The system could not open the link.</source>
        <translation>El sistema no pudo abrir el enlace.</translation>
    </message>
</context>
<context>
    <name>DownloadNote</name>
    <message>
        <source>Already downloaded: {name}</source>
        <extracomment>The card&apos;s kinds and the formats they download.</extracomment>
        <translation>Ya descargado: {name}</translation>
    </message>
    <message>
        <source>Saved {name}</source>
        <translation>{name} guardado</translation>
    </message>
    <message>
        <source>{saved} ({warning})</source>
        <translation>{saved} ({warning})</translation>
    </message>
    <message>
        <source>Download cancelled.</source>
        <translation>Descarga cancelada.</translation>
    </message>
    <message>
        <source>The download failed.</source>
        <translation>La descarga falló.</translation>
    </message>
</context>
<context>
    <name>DownloadSettingsGroup</name>
    <message>
        <source>m4a (AAC audio, from the clip&apos;s link)</source>
        <translation>m4a (audio AAC, desde el enlace del clip)</translation>
    </message>
    <message>
        <source>WAV (lossless master)</source>
        <translation>WAV (máster sin pérdida)</translation>
    </message>
    <message>
        <source>mp3 (from the API, with the token)</source>
        <translation>mp3 (desde la API, con el token)</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>Descargas</translation>
    </message>
    <message>
        <source>Default format:</source>
        <translation>Formato predeterminado:</translation>
    </message>
    <message>
        <source>Placeholders: {title} {take} {clip} {job} {date} {account} {format}; a / makes a folder</source>
        <translation>Marcadores: {title} {take} {clip} {job} {date} {account} {format}; una / crea una carpeta</translation>
    </message>
    <message>
        <source>File name:</source>
        <translation>Nombre de archivo:</translation>
    </message>
    <message>
        <source>Write tags: title, artist, album, date, prompt, cover and lyrics</source>
        <translation>Escribir etiquetas: título, artista, álbum, fecha, prompt, portada y letra</translation>
    </message>
    <message>
        <source>Title tag:</source>
        <translation>Etiqueta de título:</translation>
    </message>
    <message>
        <source>Artist tag:</source>
        <translation>Etiqueta de artista:</translation>
    </message>
    <message>
        <source>Album tag:</source>
        <translation>Etiqueta de álbum:</translation>
    </message>
    <message>
        <source>Also save synced lyrics (.lrc) beside mp3 and WAV files</source>
        <translation>Guardar también la letra sincronizada (.lrc) junto a los archivos mp3 y WAV</translation>
    </message>
    <message>
        <source>Kept takes only: Download clips and Download all WAVs fetch only the takes starred as keepers</source>
        <translation>Solo tomas guardadas: Descargar clips y Descargar todos los WAV traen solo las tomas marcadas con la estrella</translation>
    </message>
    <message>
        <source>File name: {problem}</source>
        <translation>Nombre de archivo: {problem}</translation>
    </message>
    <message>
        <source>For example: {path}</source>
        <translation>Por ejemplo: {path}</translation>
    </message>
</context>
<context>
    <name>DownloadText</name>
    <message>
        <source>Already downloaded</source>
        <translation>Ya descargado</translation>
    </message>
    <message numerus="yes">
        <source>Done, {size} (%Ln warning(s))</source>
        <translation>
            <numerusform>Listo, {size} (%Ln advertencia)</numerusform>
            <numerusform>Listo, {size} (%Ln advertencias)</numerusform>
        </translation>
    </message>
    <message>
        <source>Done, {size}</source>
        <translation>Listo, {size}</translation>
    </message>
    <message>
        <source>Failed: {problem}</source>
        <translation>Falló: {problem}</translation>
    </message>
    <message>
        <source>unknown reason</source>
        <translation>motivo desconocido</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelado</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>En cola</translation>
    </message>
    <message>
        <source>{percent}% of {size}</source>
        <translation>{percent} % de {size}</translation>
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
        <translation>No hay tomas guardadas en la selección: marque con la estrella las tomas que quiere en la vista de detalle, o desactive Trabajos → Solo tomas guardadas.</translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) without a kept take skipped (Kept takes only).</source>
        <translation>
            <numerusform>%n trabajo sin toma guardada omitido (Solo tomas guardadas).</numerusform>
            <numerusform>%n trabajos sin toma guardada omitidos (Solo tomas guardadas).</numerusform>
        </translation>
    </message>
    <message>
        <source>No finished clips in the selection.</source>
        <translation>La selección no tiene clips terminados.</translation>
    </message>
    <message>
        <source>Set the API token first: the library is read with it.</source>
        <translation>Configure primero el token de la API: con él se lee la biblioteca.</translation>
    </message>
    <message>
        <source>Library: {summary}</source>
        <translation>Biblioteca: {summary}</translation>
    </message>
</context>
<context>
    <name>DownloadsModel</name>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Formato</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progreso</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Velocidad</translation>
    </message>
    <message>
        <source>Remaining</source>
        <translation>Restante</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Archivo</translation>
    </message>
</context>
<context>
    <name>DownloadsPanel</name>
    <message>
        <source>Downloads</source>
        <translation>Descargas</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Detener</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Reintentar</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Abrir</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>Mostrar en la carpeta</translation>
    </message>
    <message>
        <source>Locate…</source>
        <translation>Localizar…</translation>
    </message>
    <message>
        <source>Moved or renamed a downloaded file? Point at it, and it is not fetched again</source>
        <translation>¿Movió o renombró un archivo descargado? Indíquelo y no se volverá a descargar</translation>
    </message>
    <message>
        <source>Rescan library</source>
        <translation>Volver a examinar la biblioteca</translation>
    </message>
    <message>
        <source>Look through the download folder for files you renamed or moved: each is recognised by the clip id in its tags and is not fetched again</source>
        <translation>Buscar en la carpeta de descargas los archivos renombrados o movidos: cada uno se reconoce por el id del clip en sus etiquetas y no se vuelve a descargar</translation>
    </message>
    <message>
        <source>Clear finished</source>
        <translation>Quitar terminadas</translation>
    </message>
    <message>
        <source>Download my library…</source>
        <translation>Descargar mi biblioteca…</translation>
    </message>
    <message>
        <source>Demo: downloads go to {folder}, a temporary folder deleted when the demo closes; you are asked then whether to keep them.</source>
        <translation>Demo: las descargas van a {folder}, una carpeta temporal que se borra al cerrar la demo; entonces se le pregunta si desea conservarlas.</translation>
    </message>
    <message>
        <source>Nothing on this system could open {path}: open it from your file manager.</source>
        <translation>Nada en este sistema pudo abrir {path}: ábralo desde su gestor de archivos.</translation>
    </message>
    <message>
        <source>Where is {title} now?</source>
        <translation>¿Dónde está {title} ahora?</translation>
    </message>
    <message>
        <source>{format} files (*.{format});;All files (*)</source>
        <translation>Archivos {format} (*.{format});;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Looking through the download folder…</source>
        <translation>Examinando la carpeta de descargas…</translation>
    </message>
    <message>
        <source>Rescanned {folder}: {files} audio files; {moved} found at a new place, {added} newly recognised, {known} where they were</source>
        <translation>{folder} examinada: {files} archivos de audio; {moved} encontrados en otro lugar, {added} reconocidos por primera vez, {known} donde estaban</translation>
    </message>
    <message>
        <source>Reading the library…</source>
        <translation>Leyendo la biblioteca…</translation>
    </message>
    <message>
        <source>Library: {done} of {found}</source>
        <translation>Biblioteca: {done} de {found}</translation>
    </message>
    <message>
        <source>Library: {summary}</source>
        <translation>Biblioteca: {summary}</translation>
    </message>
    <message>
        <source>Library run stopped: {summary}</source>
        <translation>Descarga de la biblioteca detenida: {summary}</translation>
    </message>
</context>
<context>
    <name>DropFile</name>
    <message>
        <source>{name} — not a .txt or .json file</source>
        <translation>{name}: no es un archivo .txt ni .json</translation>
    </message>
    <message>
        <source>{name} — too large ({size} KB)</source>
        <translation>{name}: demasiado grande ({size} KB)</translation>
    </message>
    <message>
        <source>{name} — cannot be read ({error})</source>
        <translation>{name}: no se puede leer ({error})</translation>
    </message>
    <message>
        <source>{name} — not UTF-8 text</source>
        <translation>{name}: no es texto UTF-8</translation>
    </message>
    <message>
        <source>{name} — not valid JSON ({error} at line {line}); its job ids were kept</source>
        <translation>{name}: no es JSON válido ({error} en la línea {line}); se conservaron sus ID de trabajo</translation>
    </message>
</context>
<context>
    <name>EditTakeDialog</name>
    <message>
        <source>Instruction</source>
        <extracomment>The words a field is shown with (its API name stays in the tooltip, and in every message).</extracomment>
        <translation>Instrucción</translation>
    </message>
    <message>
        <source>Seconds to add</source>
        <translation>Segundos a añadir</translation>
    </message>
    <message>
        <source>From (s)</source>
        <translation>Desde (s)</translation>
    </message>
    <message>
        <source>Region start (s)</source>
        <translation>Inicio de la región (s)</translation>
    </message>
    <message>
        <source>Region end (s)</source>
        <translation>Fin de la región (s)</translation>
    </message>
    <message>
        <source>Strength</source>
        <translation>Intensidad</translation>
    </message>
    <message>
        <source>Lyrics</source>
        <translation>Letra</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Start (s)</source>
        <translation>Inicio (s)</translation>
    </message>
    <message>
        <source>End (s)</source>
        <translation>Fin (s)</translation>
    </message>
    <message>
        <source>Fade in (s)</source>
        <translation>Entrada gradual (s)</translation>
    </message>
    <message>
        <source>Fade out (s)</source>
        <translation>Salida gradual (s)</translation>
    </message>
    <message>
        <source>Gain (dB)</source>
        <translation>Ganancia (dB)</translation>
    </message>
    <message>
        <source>Mix</source>
        <translation>Mezcla</translation>
    </message>
    <message>
        <source>Room size</source>
        <translation>Tamaño de sala</translation>
    </message>
    <message>
        <source>Pan</source>
        <translation>Panorama</translation>
    </message>
    <message>
        <source>Bass (dB)</source>
        <translation>Graves (dB)</translation>
    </message>
    <message>
        <source>Mid (dB)</source>
        <translation>Medios (dB)</translation>
    </message>
    <message>
        <source>Treble (dB)</source>
        <translation>Agudos (dB)</translation>
    </message>
    <message>
        <source>Extend</source>
        <translation>Alargar</translation>
    </message>
    <message>
        <source>Replace a region</source>
        <translation>Reemplazar una región</translation>
    </message>
    <message>
        <source>Cover</source>
        <translation>Versión</translation>
    </message>
    <message>
        <source>Remix</source>
        <translation>Remezcla</translation>
    </message>
    <message>
        <source>Effect</source>
        <translation>Efecto</translation>
    </message>
    <message>
        <source>Stems</source>
        <translation>Pistas</translation>
    </message>
    <message>
        <source>Make from this take</source>
        <translation>Crear a partir de esta toma</translation>
    </message>
    <message>
        <source>From: {take}{length}</source>
        <translation>De: {take}{length}</translation>
    </message>
    <message>
        <source>&amp;Make</source>
        <translation>&amp;Crear</translation>
    </message>
    <message>
        <source>&amp;Effect</source>
        <translation>&amp;Efecto</translation>
    </message>
    <message>
        <source>Drag across the clip to choose the region to replace.</source>
        <translation>Arrastre sobre el clip para elegir la región a reemplazar.</translation>
    </message>
    <message>
        <source>The same seed as this take ({seed})</source>
        <translation>La misma semilla que esta toma ({seed})</translation>
    </message>
    <message>
        <source>The same seed as this take (unknown)</source>
        <translation>La misma semilla que esta toma (desconocida)</translation>
    </message>
    <message>
        <source>any (a whole number 0 or more pins the result)</source>
        <translation>cualquiera (un número entero desde 0 fija el resultado)</translation>
    </message>
    <message>
        <source>&amp;Seed</source>
        <translation>&amp;Semilla</translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation>&amp;Título</translation>
    </message>
    <message>
        <source> (optional)</source>
        <translation> (opcional)</translation>
    </message>
    <message>
        <source>seed: must be a whole number 0 or more</source>
        <translation>seed: debe ser un número entero desde 0</translation>
    </message>
</context>
<context>
    <name>ErrorReporter</name>
    <message>
        <source>Unexpected error ({error}). The app carries on; the details are in the log (Help → Open log folder).</source>
        <extracomment>The signals handled like Quit (SIGHUP does not exist on Windows).</extracomment>
        <translation>Error inesperado ({error}). La aplicación sigue funcionando; los detalles están en el registro (Ayuda → Abrir carpeta de registros).</translation>
    </message>
</context>
<context>
    <name>Exports</name>
    <message>
        <source>Could not save {name}: {error}</source>
        <translation>No se pudo guardar {name}: {error}</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>Guardado en {path}</translation>
    </message>
    <message>
        <source>Export job as JSON</source>
        <translation>Exportar el trabajo como JSON</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Export lyrics</source>
        <translation>Exportar la letra</translation>
    </message>
    <message>
        <source>Text (*.txt)</source>
        <translation>Texto (*.txt)</translation>
    </message>
    <message>
        <source>The timing does not pair with the lyric lines, so there is no synced version.</source>
        <translation>Las marcas de tiempo no corresponden a las líneas de la letra, así que no hay versión sincronizada.</translation>
    </message>
    <message>
        <source>Export synced lyrics</source>
        <translation>Exportar la letra sincronizada</translation>
    </message>
    <message>
        <source>Synced lyrics (*.lrc)</source>
        <translation>Letra sincronizada (*.lrc)</translation>
    </message>
</context>
<context>
    <name>ExtractionSummary</name>
    <message numerus="yes">
        <source>%Ln job id(s) found</source>
        <translation>
            <numerusform>%Ln ID de trabajo encontrado</numerusform>
            <numerusform>%Ln ID de trabajo encontrados</numerusform>
        </translation>
    </message>
    <message>
        <source>No job id found</source>
        <translation>No se encontró ningún ID de trabajo</translation>
    </message>
    <message numerus="yes">
        <source>%Ln piece(s) rejected</source>
        <translation>
            <numerusform>%Ln fragmento rechazado</numerusform>
            <numerusform>%Ln fragmentos rechazados</numerusform>
        </translation>
    </message>
    <message>
        <source>No job id found, {rejected}</source>
        <translation>No se encontró ningún ID de trabajo, {rejected}</translation>
    </message>
    <message numerus="yes">
        <source>%Ln job id(s) found, {rejected}</source>
        <translation>
            <numerusform>%Ln ID de trabajo encontrado, {rejected}</numerusform>
            <numerusform>%Ln ID de trabajo encontrados, {rejected}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>Show only some of the jobs</source>
        <translation>Mostrar solo algunos trabajos</translation>
    </message>
    <message>
        <source>Search title, prompt, lyrics, job id  (Ctrl+F)</source>
        <translation>Buscar título, prompt, letra, ID de trabajo  (Ctrl+F)</translation>
    </message>
    <message>
        <source>Search jobs</source>
        <translation>Buscar trabajos</translation>
    </message>
    <message>
        <source>Show jobs</source>
        <translation>Mostrar trabajos</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Buscar</translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation>Borrar la búsqueda</translation>
    </message>
    <message>
        <source>All accounts</source>
        <translation>Todas las cuentas</translation>
    </message>
    <message>
        <source>Show only the jobs of one account</source>
        <translation>Mostrar solo los trabajos de una cuenta</translation>
    </message>
    <message>
        <source>Account filter</source>
        <translation>Filtro de cuenta</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n shown</source>
        <translation>
            <numerusform>%1 de %n mostrado</numerusform>
            <numerusform>%1 de %n mostrados</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FreedesktopNotifications</name>
    <message>
        <source>Show</source>
        <translation>Mostrar</translation>
    </message>
</context>
<context>
    <name>JobHeader</name>
    <message>
        <source>Last check: {problem}</source>
        <translation>Última comprobación: {problem}</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detalles</translation>
    </message>
    <message>
        <source>Error {code}</source>
        <translation>Error {code}</translation>
    </message>
    <message>
        <source>The job failed</source>
        <translation>El trabajo falló</translation>
    </message>
    <message>
        <source>Cancelled at your request: the song may still have finished, and its credits are spent</source>
        <translation>Cancelado a petición suya: puede que la canción haya terminado igualmente, y sus créditos se han gastado</translation>
    </message>
    <message>
        <source>The record gives no error message.</source>
        <translation>El registro no incluye ningún mensaje de error.</translation>
    </message>
    <message>
        <source>Re-check now</source>
        <translation>Volver a comprobar ahora</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Creado</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Completado</translation>
    </message>
    <message>
        <source>Generation time</source>
        <translation>Tiempo de generación</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Cuenta</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>Operación</translation>
    </message>
    <message>
        <source>Copy the job id</source>
        <translation>Copiar el ID del trabajo</translation>
    </message>
    <message>
        <source>Job id</source>
        <translation>ID de trabajo</translation>
    </message>
    <message numerus="yes">
        <source>… and %Ln more</source>
        <translation>
            <numerusform>… y %Ln más</numerusform>
            <numerusform>… y %Ln más</numerusform>
        </translation>
    </message>
    <message>
        <source>Parts of the record could not be read:</source>
        <translation>No se pudieron leer partes del registro:</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message numerus="yes">
        <source>Show the whole prompt (%Ln character(s))</source>
        <translation>
            <numerusform>Mostrar el prompt completo (%Ln carácter)</numerusform>
            <numerusform>Mostrar el prompt completo (%Ln caracteres)</numerusform>
        </translation>
    </message>
    <message>
        <source>Show request JSON</source>
        <translation>Mostrar el JSON de la solicitud</translation>
    </message>
    <message>
        <source>The record has no request.</source>
        <translation>El registro no incluye la solicitud.</translation>
    </message>
    <message>
        <source>Export JSON…</source>
        <translation>Exportar JSON…</translation>
    </message>
    <message>
        <source>Save the job&apos;s record, exactly as the API sent it</source>
        <translation>Guardar el registro del trabajo tal como lo envió la API</translation>
    </message>
    <message>
        <source>Hide request JSON</source>
        <translation>Ocultar el JSON de la solicitud</translation>
    </message>
    <message>
        <source>·  {time} elapsed</source>
        <translation>·  {time} transcurrido</translation>
    </message>
</context>
<context>
    <name>JobIds</name>
    <message>
        <source>empty: a job id looks like {example}</source>
        <translation>vacío: un ID de trabajo tiene esta forma: {example}</translation>
    </message>
    <message>
        <source>has spaces around it</source>
        <translation>tiene espacios alrededor</translation>
    </message>
    <message>
        <source>contains spaces</source>
        <translation>contiene espacios</translation>
    </message>
    <message>
        <source>looks shortened (&apos;...&apos;): paste the whole id</source>
        <translation>parece recortado (&apos;...&apos;): pegue el ID completo</translation>
    </message>
    <message>
        <source>this is a clip id (user:…-clip:…), not a job id: a job id starts with &apos;job:&apos; and ends with &apos;-bot:flowmusic&apos;</source>
        <translation>esto es un ID de clip (user:…-clip:…), no un ID de trabajo: un ID de trabajo empieza por &apos;job:&apos; y termina en &apos;-bot:flowmusic&apos;</translation>
    </message>
    <message>
        <source>missing the &apos;job:&apos; prefix before the uuid</source>
        <translation>falta el prefijo &apos;job:&apos; antes del UUID</translation>
    </message>
    <message>
        <source>missing &apos;job:&lt;uuid&gt;-&apos; at the start</source>
        <translation>falta &apos;job:&lt;uuid&gt;-&apos; al principio</translation>
    </message>
    <message>
        <source>does not start with &apos;job:&apos; (a job id looks like {example})</source>
        <translation>no empieza por &apos;job:&apos; (un ID de trabajo tiene esta forma: {example})</translation>
    </message>
    <message>
        <source>write the &apos;job:&apos; prefix in lower case</source>
        <translation>escriba el prefijo &apos;job:&apos; en minúsculas</translation>
    </message>
    <message>
        <source>nothing after &apos;job:&apos; (a job id looks like {example})</source>
        <translation>no hay nada después de &apos;job:&apos; (un ID de trabajo tiene esta forma: {example})</translation>
    </message>
    <message>
        <source>the uuid after &apos;job:&apos; should be 8-4-4-4-12 hex digits, got {found}</source>
        <translation>el UUID después de &apos;job:&apos; debería tener 8-4-4-4-12 dígitos hexadecimales; se encontró {found}</translation>
    </message>
    <message>
        <source>ends after the uuid: missing &apos;-user:&lt;id&gt;-&lt;email&gt;-bot:flowmusic&apos;</source>
        <translation>termina después del UUID: falta &apos;-user:&lt;id&gt;-&lt;email&gt;-bot:flowmusic&apos;</translation>
    </message>
    <message>
        <source>write &apos;-user:&apos; in lower case</source>
        <translation>escriba &apos;-user:&apos; en minúsculas</translation>
    </message>
    <message>
        <source>missing the &apos;-user:&lt;id&gt;&apos; part after the uuid (found {found})</source>
        <translation>falta la parte &apos;-user:&lt;id&gt;&apos; después del UUID (se encontró {found})</translation>
    </message>
    <message>
        <source>missing the user id after &apos;user:&apos;</source>
        <translation>falta el ID de usuario después de &apos;user:&apos;</translation>
    </message>
    <message>
        <source>the user id after &apos;user:&apos; should be digits, got {found}</source>
        <translation>el ID de usuario después de &apos;user:&apos; debería ser numérico; se encontró {found}</translation>
    </message>
    <message>
        <source>missing the email and &apos;-bot:flowmusic&apos; after the user id</source>
        <translation>faltan el correo y &apos;-bot:flowmusic&apos; después del ID de usuario</translation>
    </message>
    <message>
        <source>missing the email between the user id and &apos;-bot:&apos;</source>
        <translation>falta el correo entre el ID de usuario y &apos;-bot:&apos;</translation>
    </message>
    <message>
        <source>mixes a job id and a clip id: a job id ends with &apos;-bot:flowmusic&apos;</source>
        <translation>mezcla un ID de trabajo y un ID de clip: un ID de trabajo termina en &apos;-bot:flowmusic&apos;</translation>
    </message>
    <message>
        <source>missing the &apos;-bot:flowmusic&apos; ending</source>
        <translation>falta el final &apos;-bot:flowmusic&apos;</translation>
    </message>
    <message>
        <source>write &apos;-bot:&apos; in lower case</source>
        <translation>escriba &apos;-bot:&apos; en minúsculas</translation>
    </message>
    <message>
        <source>write the bot name &apos;flowmusic&apos; in lower case</source>
        <translation>escriba el nombre del bot &apos;flowmusic&apos; en minúsculas</translation>
    </message>
    <message>
        <source>missing the bot name after &apos;-bot:&apos; (it should be &apos;flowmusic&apos;)</source>
        <translation>falta el nombre del bot después de &apos;-bot:&apos; (debería ser &apos;flowmusic&apos;)</translation>
    </message>
    <message>
        <source>unexpected text after &apos;-bot:flowmusic&apos;: {extra}</source>
        <translation>texto inesperado después de &apos;-bot:flowmusic&apos;: {extra}</translation>
    </message>
    <message>
        <source>a job id for the &apos;{bot}&apos; bot, not FlowMusic: this app tracks ids ending in &apos;-bot:flowmusic&apos;</source>
        <translation>un ID de trabajo del bot &apos;{bot}&apos;, no de FlowMusic: esta aplicación sigue los ID que terminan en &apos;-bot:flowmusic&apos;</translation>
    </message>
    <message>
        <source>the bot name should be &apos;flowmusic&apos;, got {found}</source>
        <translation>el nombre del bot debería ser &apos;flowmusic&apos;; se encontró {found}</translation>
    </message>
    <message>
        <source>missing the email: {email} has no &apos;@&apos;</source>
        <translation>falta el correo: {email} no tiene &apos;@&apos;</translation>
    </message>
    <message>
        <source>the email {email} has more than one &apos;@&apos;</source>
        <translation>el correo {email} tiene más de una &apos;@&apos;</translation>
    </message>
    <message>
        <source>the email {email} has nothing before &apos;@&apos;</source>
        <translation>el correo {email} no tiene nada antes de la &apos;@&apos;</translation>
    </message>
    <message>
        <source>the email {email} holds characters not allowed before &apos;@&apos;: {bad}</source>
        <translation>el correo {email} contiene caracteres no permitidos antes de la &apos;@&apos;: {bad}</translation>
    </message>
    <message>
        <source>the email {email} has nothing after &apos;@&apos;</source>
        <translation>el correo {email} no tiene nada después de la &apos;@&apos;</translation>
    </message>
    <message>
        <source>the email&apos;s domain {domain} has an empty part (a leading, trailing or doubled &apos;.&apos;)</source>
        <translation>el dominio del correo {domain} tiene una parte vacía (un &apos;.&apos; al principio, al final o repetido)</translation>
    </message>
    <message>
        <source>the email&apos;s domain {domain} holds characters not allowed: {bad}</source>
        <translation>el dominio del correo {domain} contiene caracteres no permitidos: {bad}</translation>
    </message>
</context>
<context>
    <name>JobState</name>
    <message>
        <source>Checking…</source>
        <translation>Comprobando…</translation>
    </message>
    <message>
        <source>Waiting for the first check</source>
        <translation>Esperando la primera comprobación</translation>
    </message>
    <message>
        <source>Added: waiting for the first answer from the API</source>
        <translation>Añadido: esperando la primera respuesta de la API</translation>
    </message>
    <message>
        <source>new</source>
        <translation>nuevo</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>En curso</translation>
    </message>
    <message>
        <source>The song is being generated</source>
        <translation>Se está generando la canción</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>en curso</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fallido</translation>
    </message>
    <message>
        <source>The generation failed</source>
        <translation>La generación falló</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fallido</translation>
    </message>
    <message>
        <source>Generation failed</source>
        <translation>La generación falló</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>No encontrado</translation>
    </message>
    <message>
        <source>The API does not know this job: it expired or never existed</source>
        <translation>La API no conoce este trabajo: caducó o nunca existió</translation>
    </message>
    <message>
        <source>not found</source>
        <translation>no encontrado</translation>
    </message>
    <message>
        <source>The API has no job with this id (HTTP 404). It may have expired (finished jobs are kept only for a while) or never existed, for instance when the id was copied incompletely.</source>
        <translation>La API no tiene ningún trabajo con este ID (HTTP 404). Puede que haya caducado (los trabajos terminados solo se conservan un tiempo) o que nunca haya existido, por ejemplo si el ID se copió incompleto.</translation>
    </message>
    <message>
        <source>Job not found</source>
        <translation>Trabajo no encontrado</translation>
    </message>
    <message>
        <source>it expired or never existed</source>
        <translation>caducó o nunca existió</translation>
    </message>
    <message>
        <source>Forbidden</source>
        <translation>Sin acceso</translation>
    </message>
    <message>
        <source>Not your job</source>
        <translation>No es su trabajo</translation>
    </message>
    <message>
        <source>This job belongs to another account than the token&apos;s</source>
        <translation>Este trabajo pertenece a una cuenta distinta de la del token</translation>
    </message>
    <message>
        <source>forbidden</source>
        <translation>sin acceso</translation>
    </message>
    <message>
        <source>This job belongs to another account than the one of your API token (HTTP 403). Check that the token is for the account that made the job.</source>
        <translation>Este trabajo pertenece a una cuenta distinta de la de su token de la API (HTTP 403). Compruebe que el token sea de la cuenta que creó el trabajo.</translation>
    </message>
    <message>
        <source>Job not accessible</source>
        <translation>Trabajo no accesible</translation>
    </message>
    <message>
        <source>it belongs to another account</source>
        <translation>pertenece a otra cuenta</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Completado</translation>
    </message>
    <message>
        <source>Finished: the clips are ready</source>
        <translation>Terminado: los clips están listos</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>completado</translation>
    </message>
    <message>
        <source>Song ready</source>
        <translation>Canción lista</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <extracomment>The order the status bar counts states in: the life of a job, then its troubles. The icon of a job whose last poll met a problem (a network error, a bad record) while it is not finished. The error code of a job the user cancelled (``DELETE /jobs/{jobid}``): a failed job with it reads as cancelled. What the app says about a failed job whose error code is ``user_cancelled``: it reads as cancelled everywhere.</extracomment>
        <translation>Cancelado</translation>
    </message>
    <message>
        <source>Cancelled at your request: the song may still have finished, and its credits are spent</source>
        <translation>Cancelado a petición suya: puede que la canción haya terminado igualmente, y sus créditos se han gastado</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>cancelado</translation>
    </message>
    <message>
        <source>Job cancelled</source>
        <translation>Trabajo cancelado</translation>
    </message>
    <message>
        <source>it was cancelled</source>
        <translation>se canceló</translation>
    </message>
</context>
<context>
    <name>JobsModel</name>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>Operación</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Cuenta</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Creado</translation>
    </message>
    <message>
        <source>Generation</source>
        <translation>Duración</translation>
    </message>
    <message>
        <source>Clips</source>
        <translation>Clips</translation>
    </message>
    <message>
        <source>Job id</source>
        <translation>ID de trabajo</translation>
    </message>
    <message>
        <source>Keeper</source>
        <translation>Favorita</translation>
    </message>
    <message>
        <source>How long the generation took</source>
        <extracomment>What the keeper column&apos;s header shows (its name, &quot;Keeper&quot;, is in the header&apos;s menu and tooltip).</extracomment>
        <translation>Cuánto tardó la generación</translation>
    </message>
    <message>
        <source>Number of clips the job made</source>
        <translation>Número de clips que generó el trabajo</translation>
    </message>
    <message>
        <source>When the job was created (local time)</source>
        <translation>Cuándo se creó el trabajo (hora local)</translation>
    </message>
    <message>
        <source>Keeper: the takes you starred in the detail view</source>
        <translation>Favorita: las tomas que marcó con la estrella en la vista de detalle</translation>
    </message>
    <message>
        <source>Waiting for an API token</source>
        <translation>Esperando un token de la API</translation>
    </message>
    <message>
        <source>Queued: waiting for a free slot on {account} ({running} of {max} running)</source>
        <extracomment>GUI time one turn of taking in new jobs may use (the loop must never block over 100 ms). Up to this many new jobs get their rows at once, inside add_jobs. More separate places than this in one turn: append the rows and sort once, after the last turn. Rows given at once from this many on are told to the garbage collector as long-lived (see _settle_long_lived). Rows whose sort key changed move one by one (each ~0.3 ms through the proxy) up to this many at a time; more are put in order by one full sort. A full sort waits while rows keep arriving (it would have to be done again), but never longer than this. Whether the view holds this row (selected or current): such a row keeps its selection by being moved, never removed and inserted again. The window sets it; without it every row is moved. Each account&apos;s (running, maxJobs) as the submission queue sees it, for the queued rows&apos; words.</extracomment>
        <translation>En cola: esperando un hueco libre en {account} ({running} de {max} en curso)</translation>
    </message>
    <message>
        <source>Queued: waiting for a free slot on {account}</source>
        <translation>En cola: esperando un hueco libre en {account}</translation>
    </message>
    <message>
        <source>Queued: waiting for a free slot</source>
        <translation>En cola: esperando un hueco libre</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Enviando</translation>
    </message>
    <message>
        <source>Uncertain: the answer was lost; looking for the job</source>
        <translation>Incierto: se perdió la respuesta; buscando el trabajo</translation>
    </message>
    <message>
        <source>Not sent: no job was made (send it again from its menu)</source>
        <translation>No enviado: no se creó ningún trabajo (reenvíelo desde su menú)</translation>
    </message>
    <message>
        <source>Not sent: {why}</source>
        <translation>No enviado: {why}</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>rechazado</translation>
    </message>
    <message>
        <source>Not known yet: the API has not said (added here %1)</source>
        <translation>Aún no se conoce: la API no lo ha indicado (añadido aquí %1)</translation>
    </message>
    <message>
        <source>Kept: take %1</source>
        <translation>Guardada: toma %1</translation>
    </message>
    <message>
        <source>Kept: takes %1</source>
        <translation>Guardadas: tomas %1</translation>
    </message>
    <message>
        <source>Found on your account (not pasted)</source>
        <translation>Encontrado en su cuenta (no pegado)</translation>
    </message>
    <message>
        <source>Last problem: {problem}</source>
        <translation>Último problema: {problem}</translation>
    </message>
</context>
<context>
    <name>JobsTable</name>
    <message>
        <source>Paste job ids (Ctrl+V) or drop a file here</source>
        <translation>Pegue ID de trabajo (Ctrl+V) o suelte un archivo aquí</translation>
    </message>
    <message>
        <source>No job matches the filter</source>
        <translation>Ningún trabajo coincide con el filtro</translation>
    </message>
</context>
<context>
    <name>LyricsView</name>
    <message>
        <source>Lyrics</source>
        <translation>Letra</translation>
    </message>
    <message numerus="yes">
        <source>… and %Ln more line(s): export the lyrics or the record for all of them.</source>
        <translation>
            <numerusform>… y %Ln línea más: exporte la letra o el registro para verlas todas.</numerusform>
            <numerusform>… y %Ln líneas más: exporte la letra o el registro para verlas todas.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln sung line(s)</source>
        <translation>
            <numerusform>%Ln línea cantada</numerusform>
            <numerusform>%Ln líneas cantadas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln timing marker(s) that do not match the {sung}, listed on their own:</source>
        <translation>
            <numerusform>%Ln marca de tiempo que no corresponde a las {sung}, listada aparte:</numerusform>
            <numerusform>%Ln marcas de tiempo que no corresponden a las {sung}, listadas aparte:</numerusform>
        </translation>
    </message>
    <message>
        <source>Timing markers</source>
        <translation>Marcas de tiempo</translation>
    </message>
    <message numerus="yes">
        <source>… and %Ln more timing marker(s): export the lyrics or the record for all of them.</source>
        <translation>
            <numerusform>… y %Ln marca de tiempo más: exporte la letra o el registro para verlas todas.</numerusform>
            <numerusform>… y %Ln marcas de tiempo más: exporte la letra o el registro para verlas todas.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>{app} — demo</source>
        <extracomment>How long closing waits for background work to end before abandoning it (closing to exit stays under 1 s). The parts build_parts makes.</extracomment>
        <translation>{app} — demostración</translation>
    </message>
    <message>
        <source>Tracked jobs</source>
        <translation>Trabajos seguidos</translation>
    </message>
    <message>
        <source>Select a job to see its clips</source>
        <translation>Seleccione un trabajo para ver sus clips</translation>
    </message>
    <message>
        <source>The API answers again</source>
        <translation>La API vuelve a responder</translation>
    </message>
    <message>
        <source>This song may have been made already ({evidence}). Sending it again may make it twice and spend its credits twice. Send it again?</source>
        <translation>Puede que esta canción ya se haya creado ({evidence}). Reenviarla puede crearla dos veces y gastar sus créditos dos veces. ¿Reenviarla?</translation>
    </message>
    <message>
        <source>Send again?</source>
        <translation>¿Reenviar?</translation>
    </message>
    <message>
        <source>its answer was lost and no record was found yet</source>
        <translation>su respuesta se perdió y aún no se encontró ningún registro</translation>
    </message>
    <message>
        <source>the clipboard</source>
        <translation>el portapapeles</translation>
    </message>
    <message>
        <source>the dropped text</source>
        <translation>el texto soltado</translation>
    </message>
    <message numerus="yes">
        <source>Welcome to the demo: %n sample jobs; songs finish within about a minute. Nothing here touches your FlowMusic account.</source>
        <translation>
            <numerusform>Bienvenido a la demostración: %n trabajo de ejemplo; las canciones terminan en un minuto aproximadamente. Nada de esto afecta a su cuenta de FlowMusic.</numerusform>
            <numerusform>Bienvenido a la demostración: %n trabajos de ejemplo; las canciones terminan en un minuto aproximadamente. Nada de esto afecta a su cuenta de FlowMusic.</numerusform>
        </translation>
    </message>
    <message>
        <source>{title}: {body}</source>
        <translation>{title}: {body}</translation>
    </message>
    <message>
        <source>Could not {task}: {error}</source>
        <translation>Error en «{task}»: {error}</translation>
    </message>
</context>
<context>
    <name>NewSongDialog</name>
    <message>
        <source>New song</source>
        <extracomment>Checks files off the GUI thread: (paths, done(list of RefFile or RefProblem)). Uploads one file off the GUI thread to an account: (file, email, done(asset id or None, problem)). Songs one form may queue at once (the count, or the lines of a list).</extracomment>
        <translation>Nueva canción</translation>
    </message>
    <message>
        <source>Style, mood, genre, instruments, BPM, vocal direction…</source>
        <translation>Estilo, ánimo, género, instrumentos, BPM, voz…</translation>
    </message>
    <message>
        <source>One song per line</source>
        <translation>Una canción por línea</translation>
    </message>
    <message>
        <source>Load list…</source>
        <translation>Cargar lista…</translation>
    </message>
    <message>
        <source>&amp;Prompt</source>
        <translation>&amp;Prompt</translation>
    </message>
    <message>
        <source>&amp;Instrumental (no vocals)</source>
        <translation>&amp;Instrumental (sin voz)</translation>
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

Déjela vacía y el modelo la escribe.</translation>
    </message>
    <message>
        <source>&amp;Write lyrics for me</source>
        <translation>&amp;Escribir la letra por mí</translation>
    </message>
    <message>
        <source>Ask the API to write lyrics from the prompt (free); edit them after</source>
        <translation>La API escribe una letra a partir del prompt (gratis); edítela después</translation>
    </message>
    <message>
        <source>&amp;Lyrics</source>
        <translation>&amp;Letra</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>Estándar</translation>
    </message>
    <message>
        <source>Pro</source>
        <translation>Pro</translation>
    </message>
    <message>
        <source>&amp;Ghostwriter</source>
        <translation>&amp;Letrista</translation>
    </message>
    <message>
        <source>Automatic: a healthy account with a free slot and credits</source>
        <translation>Automática: una cuenta sana con hueco libre y créditos</translation>
    </message>
    <message>
        <source>&amp;Account</source>
        <translation>&amp;Cuenta</translation>
    </message>
    <message>
        <source>Reference files</source>
        <translation>Archivos de referencia</translation>
    </message>
    <message>
        <source>Add &amp;files…</source>
        <translation>Añadir &amp;archivos…</translation>
    </message>
    <message>
        <source>Images (JPEG, PNG, WebP) and audio (mp3, WAV, m4a, AAC) up to {size} each, at most {n} of each; or drop them on this form</source>
        <translation>Imágenes (JPEG, PNG, WebP) y audio (mp3, WAV, m4a, AAC) de hasta {size} cada uno, como mucho {n} de cada tipo; o arrástrelos a este formulario</translation>
    </message>
    <message>
        <source>Remo&amp;ve</source>
        <translation>&amp;Quitar</translation>
    </message>
    <message>
        <source>Images or audio to guide the song (optional); drop files here too</source>
        <translation>Imágenes o audio que guíen la canción (opcional); también puede arrastrar archivos aquí</translation>
    </message>
    <message>
        <source>&amp;References</source>
        <translation>&amp;Referencias</translation>
    </message>
    <message>
        <source>&amp;How many songs</source>
        <translation>&amp;Cuántas canciones</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Coste</translation>
    </message>
    <message>
        <source>&amp;Make</source>
        <translation>&amp;Crear</translation>
    </message>
    <message>
        <source>(in an error state)</source>
        <translation>(en estado de error)</translation>
    </message>
    <message>
        <source>({running} of {max} running)</source>
        <translation>({running} de {max} en curso)</translation>
    </message>
    <message>
        <source>{credits} credits</source>
        <translation>{credits} créditos</translation>
    </message>
    <message>
        <source>line {n}: {problem}</source>
        <translation>línea {n}: {problem}</translation>
    </message>
    <message>
        <source>a list holds at most {n} songs (this one {m})</source>
        <translation>una lista admite como mucho {n} canciones (esta {m})</translation>
    </message>
    <message numerus="yes">
        <source>%n song(s), one per line</source>
        <translation>
            <numerusform>%n canción, una por línea</numerusform>
            <numerusform>%n canciones, una por línea</numerusform>
        </translation>
    </message>
    <message>
        <source>{n} / {max} characters</source>
        <translation>{n} / {max} caracteres</translation>
    </message>
    <message>
        <source>any account</source>
        <translation>cualquier cuenta</translation>
    </message>
    <message numerus="yes">
        <source>%n song(s)</source>
        <translation>
            <numerusform>%n canción</numerusform>
            <numerusform>%n canciones</numerusform>
        </translation>
    </message>
    <message>
        <source>{songs} on {where}: cost unknown until the first song</source>
        <translation>{songs} en {where}: coste desconocido hasta la primera canción</translation>
    </message>
    <message>
        <source>{songs} on {where} ~{total} credits of {credits}</source>
        <translation>{songs} en {where} ~{total} créditos de {credits}</translation>
    </message>
    <message>
        <source>{songs} on {where} ~{total} credits</source>
        <translation>{songs} en {where} ~{total} créditos</translation>
    </message>
    <message>
        <source>Lyrics are written from a prompt of 1 to 2,000 characters.</source>
        <translation>La letra se escribe a partir de un prompt de 1 a 2.000 caracteres.</translation>
    </message>
    <message>
        <source>Writing lyrics…</source>
        <translation>Escribiendo la letra…</translation>
    </message>
    <message>
        <source>Written by the API: edit them as you like.</source>
        <translation>Escrita por la API: edítela a su gusto.</translation>
    </message>
    <message>
        <source>Could not write lyrics: {why}</source>
        <translation>No se pudo escribir la letra: {why}</translation>
    </message>
    <message>
        <source>Load a prompt list</source>
        <translation>Cargar una lista de prompts</translation>
    </message>
    <message>
        <source>Text files (*.txt);;All files (*)</source>
        <translation>Archivos de texto (*.txt);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Could not read the list: {why}</source>
        <translation>No se pudo leer la lista: {why}</translation>
    </message>
    <message>
        <source>images</source>
        <translation>imágenes</translation>
    </message>
    <message>
        <source>audio files</source>
        <translation>archivos de audio</translation>
    </message>
    <message>
        <source>At most {n} reference {what} per song ({m} added)</source>
        <translation>Como mucho {n} {what} de referencia por canción ({m} añadidos)</translation>
    </message>
    <message>
        <source>{name} could not be uploaded: {why}. Make tries again; Remove leaves it out.</source>
        <translation>No se pudo subir {name}: {why}. Crear lo intenta de nuevo; Quitar lo deja fuera.</translation>
    </message>
    <message numerus="yes">
        <source>Checking %n file(s)…</source>
        <translation>
            <numerusform>Comprobando %n archivo…</numerusform>
            <numerusform>Comprobando %n archivos…</numerusform>
        </translation>
    </message>
    <message>
        <source>not a file</source>
        <translation>no es un archivo</translation>
    </message>
    <message>
        <source>cannot be read ({detail})</source>
        <translation>no se puede leer ({detail})</translation>
    </message>
    <message>
        <source>the file is empty</source>
        <translation>el archivo está vacío</translation>
    </message>
    <message>
        <source>{size}, over the {limit} a reference may be</source>
        <translation>{size}, más de los {limit} que puede tener una referencia</translation>
    </message>
    <message>
        <source>not a file the API takes as a reference (JPEG, PNG or WebP images; mp3, WAV, m4a or AAC audio)</source>
        <translation>no es un archivo que la API acepte como referencia (imágenes JPEG, PNG o WebP; audio mp3, WAV, m4a o AAC)</translation>
    </message>
    <message>
        <source>the file changed since it was added; add it again</source>
        <translation>el archivo cambió desde que se añadió; añádalo de nuevo</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n imagen</numerusform>
            <numerusform>%n imágenes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n audio file(s)</source>
        <translation>
            <numerusform>%n archivo de audio</numerusform>
            <numerusform>%n archivos de audio</numerusform>
        </translation>
    </message>
    <message>
        <source>{files}: uploaded to {account} at Make; the songs go there too</source>
        <translation>{files}: se suben a {account} al crear; las canciones se hacen allí también</translation>
    </message>
    <message>
        <source>{files}: choose an account to upload them to</source>
        <translation>{files}: elija una cuenta a la que subirlos</translation>
    </message>
    <message>
        <source>image</source>
        <translation>imagen</translation>
    </message>
    <message>
        <source>audio</source>
        <translation>audio</translation>
    </message>
    <message>
        <source>ready to upload</source>
        <translation>listo para subir</translation>
    </message>
    <message>
        <source>uploading to {account}…</source>
        <translation>subiendo a {account}…</translation>
    </message>
    <message>
        <source>uploaded to {account}</source>
        <translation>subido a {account}</translation>
    </message>
    <message>
        <source>failed: {why}</source>
        <translation>falló: {why}</translation>
    </message>
    <message>
        <source>from the request</source>
        <translation>de la solicitud</translation>
    </message>
    <message>
        <source>Add reference images or audio</source>
        <translation>Añadir imágenes o audio de referencia</translation>
    </message>
    <message>
        <source>Images and audio (*.jpg *.jpeg *.png *.webp *.mp3 *.wav *.m4a *.mp4 *.aac);;All files (*)</source>
        <translation>Imágenes y audio (*.jpg *.jpeg *.png *.webp *.mp3 *.wav *.m4a *.mp4 *.aac);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Choose an account: references are uploaded to one account</source>
        <translation>Elija una cuenta: las referencias se suben a una sola cuenta</translation>
    </message>
    <message>
        <source>{name} is on {account}: choose that account, or remove it</source>
        <translation>{name} está en {account}: elija esa cuenta, o quítelo</translation>
    </message>
    <message>
        <source>References cannot be uploaded here</source>
        <translation>Aquí no se pueden subir referencias</translation>
    </message>
    <message numerus="yes">
        <source>Uploading %n file(s) to {account}…</source>
        <translation>
            <numerusform>Subiendo %n archivo a {account}…</numerusform>
            <numerusform>Subiendo %n archivos a {account}…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NoticeArea</name>
    <message>
        <source>Results are not being saved yet: {reason} They are shown and kept, and saved as soon as the job list can be written.</source>
        <translation>Los resultados aún no se están guardando: {reason} Se muestran y se conservan, y se guardarán en cuanto se pueda escribir la lista de trabajos.</translation>
    </message>
    <message>
        <source>The job list is being saved again.</source>
        <translation>La lista de trabajos vuelve a guardarse.</translation>
    </message>
</context>
<context>
    <name>NoticeBar</name>
    <message>
        <source>Dismiss</source>
        <translation>Descartar</translation>
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
    <message>
        <source>{title}: {reason}</source>
        <translation>{title}: {reason}</translation>
    </message>
    <message numerus="yes">
        <source>{titles} and %Ln more</source>
        <translation>
            <numerusform>{titles} y %Ln más</numerusform>
            <numerusform>{titles} y %Ln más</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln songs ready</source>
        <translation>
            <numerusform>%Ln canción lista</numerusform>
            <numerusform>%Ln canciones listas</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Notifier</name>
    <message>
        <source>No jobs</source>
        <translation>No hay trabajos</translation>
    </message>
    <message>
        <source>Show window</source>
        <translation>Mostrar ventana</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Mostrar</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Reproducir</translation>
    </message>
</context>
<context>
    <name>PaneFooter</name>
    <message>
        <source>Pause or resume</source>
        <translation>Pausar o reanudar</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Detener</translation>
    </message>
    <message>
        <source>Stop playback</source>
        <translation>Detener la reproducción</translation>
    </message>
    <message>
        <source>Cancel all</source>
        <translation>Cancelar todo</translation>
    </message>
    <message>
        <source>Playing: {title}</source>
        <translation>Reproduciendo: {title}</translation>
    </message>
    <message>
        <source>Paused: {title}</source>
        <translation>En pausa: {title}</translation>
    </message>
    <message>
        <source>Downloading WAVs: {done} of {total} done</source>
        <translation>Descargando WAV: {done} de {total} listos</translation>
    </message>
    <message numerus="yes">
        <source>Downloaded %Ln WAV(s)</source>
        <translation>
            <numerusform>%Ln WAV descargado</numerusform>
            <numerusform>%Ln WAV descargados</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln already there</source>
        <translation>
            <numerusform>%Ln ya estaba</numerusform>
            <numerusform>%Ln ya estaban</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln failed</source>
        <translation>
            <numerusform>%Ln falló</numerusform>
            <numerusform>%Ln fallaron</numerusform>
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
        <translation>La reproducción no está disponible en este sistema ({error}). Ábralo o descárguelo en su lugar.</translation>
    </message>
    <message>
        <source>No sound output was found on this system: the song plays without sound (the lyrics still follow it). Open or download it to hear it elsewhere.</source>
        <translation>No se encontró ninguna salida de sonido en este sistema: la canción se reproduce sin sonido (la letra la sigue igualmente). Ábrala o descárguela para escucharla en otro sitio.</translation>
    </message>
    <message>
        <source>This clip has no http or https audio link to play.</source>
        <translation>Este clip no tiene ningún enlace de audio http o https para reproducir.</translation>
    </message>
    <message>
        <source>The audio could not be played.</source>
        <translation>No se pudo reproducir el audio.</translation>
    </message>
</context>
<context>
    <name>RegionTimeline</name>
    <message>
        <source>Region to replace: drag across the clip</source>
        <extracomment>(start, end) seconds of each sung line, paired with ``lines`` when the counts match.</extracomment>
        <translation>Región a reemplazar: arrastre sobre el clip</translation>
    </message>
</context>
<context>
    <name>Selection</name>
    <message numerus="yes">
        <source>%n jobs selected</source>
        <extracomment>Selected jobs counted by state at most (select-all must stay instant).</extracomment>
        <translation>
            <numerusform>%n trabajo seleccionado</numerusform>
            <numerusform>%n trabajos seleccionados</numerusform>
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
            <numerusform>%Ln ID de trabajo copiado</numerusform>
            <numerusform>%Ln ID de trabajo copiados</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Copied %Ln record(s) as JSON</source>
        <translation>
            <numerusform>%Ln registro copiado como JSON</numerusform>
            <numerusform>%Ln registros copiados como JSON</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing on this system could open the clip&apos;s link: copy it, or download the clip.</source>
        <translation>Nada en este sistema pudo abrir el enlace del clip: cópielo o descargue el clip.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Configuración</translation>
    </message>
    <message>
        <source>General</source>
        <translation>General</translation>
    </message>
    <message>
        <source>Notify me when a job finishes or fails</source>
        <translation>Avisarme cuando un trabajo termine o falle</translation>
    </message>
    <message>
        <source>Add running jobs found on my account, not only the ones I paste</source>
        <translation>Añadir los trabajos en curso de mi cuenta, no solo los que pego</translation>
    </message>
    <message>
        <source>Jobs your scripts start appear here by themselves (one look at the running jobs serves every account on the token)</source>
        <translation>Los trabajos que inician sus scripts aparecen aquí solos (una consulta de los trabajos en curso sirve para todas las cuentas del token)</translation>
    </message>
    <message>
        <source>Keep watching in the tray when the window is closed</source>
        <translation>Seguir vigilando desde la bandeja del sistema al cerrar la ventana</translation>
    </message>
    <message>
        <source>This desktop has no system tray: closing the window quits</source>
        <translation>Este escritorio no tiene bandeja del sistema: cerrar la ventana cierra la aplicación</translation>
    </message>
    <message>
        <source>Start with the session (in the tray)</source>
        <translation>Iniciar con la sesión (en la bandeja del sistema)</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Examinar…</translation>
    </message>
    <message>
        <source>Choose the download folder</source>
        <translation>Elegir la carpeta de descargas</translation>
    </message>
    <message>
        <source>Download folder:</source>
        <translation>Carpeta de descargas:</translation>
    </message>
    <message>
        <source>System language ({language})</source>
        <translation>Idioma del sistema ({language})</translation>
    </message>
    <message>
        <source>The language of the window; it changes at the next start</source>
        <translation>El idioma de la ventana; cambia en el próximo inicio</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Idioma:</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>Avanzado</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>How often a job is asked about near its expected finish</source>
        <translation>Con qué frecuencia se consulta un trabajo cerca de su final previsto</translation>
    </message>
    <message>
        <source>Poll interval:</source>
        <translation>Intervalo de consulta:</translation>
    </message>
    <message>
        <source> requests/s</source>
        <translation> solicitudes/s</translation>
    </message>
    <message>
        <source>At most this many requests a second, over all jobs</source>
        <translation>Como máximo estas solicitudes por segundo, sumando todos los trabajos</translation>
    </message>
    <message>
        <source>Request budget:</source>
        <translation>Límite de solicitudes:</translation>
    </message>
    <message>
        <source> credits</source>
        <translation> créditos</translation>
    </message>
    <message>
        <source>New songs are never sent to an account whose balance would fall below this</source>
        <translation>Las canciones nuevas nunca se envían a una cuenta cuyo saldo quedaría por debajo de esto</translation>
    </message>
    <message>
        <source>Credit floor:</source>
        <translation>Mínimo de créditos:</translation>
    </message>
    <message>
        <source>API base URL:</source>
        <translation>URL base de la API:</translation>
    </message>
    <message>
        <source>Download folder</source>
        <translation>Carpeta de descargas</translation>
    </message>
    <message>
        <source>In use now: {url} (given with --api-base or FLOWMUSIC_API_BASE, for this run)</source>
        <translation>En uso ahora: {url} (indicada con --api-base o FLOWMUSIC_API_BASE, para esta ejecución)</translation>
    </message>
    <message>
        <source>API base URL: {problem}</source>
        <translation>URL base de la API: {problem}</translation>
    </message>
    <message>
        <source>Download folder: give a full path</source>
        <translation>Carpeta de descargas: indique una ruta completa</translation>
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
            <numerusform>%Ln nuevo</numerusform>
            <numerusform>%Ln nuevos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln pending</source>
        <translation>
            <numerusform>%Ln en curso</numerusform>
            <numerusform>%Ln en curso</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln completed</source>
        <translation>
            <numerusform>%Ln completado</numerusform>
            <numerusform>%Ln completados</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln failed</source>
        <translation>
            <numerusform>%Ln fallido</numerusform>
            <numerusform>%Ln fallidos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln not found</source>
        <translation>
            <numerusform>%Ln no encontrado</numerusform>
            <numerusform>%Ln no encontrados</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln forbidden</source>
        <translation>
            <numerusform>%Ln sin acceso</numerusform>
            <numerusform>%Ln sin acceso</numerusform>
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
        <translation>Todos los trabajos</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>En curso</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Completado</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fallido</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Problemas</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>En cola</translation>
    </message>
</context>
<context>
    <name>Studio</name>
    <message>
        <source>The songs could not be queued: {why}</source>
        <extracomment>The submissions shown as rows of their own: not (yet) a job. Test seams: the forms&apos; exec (a test answers them without a modal loop).</extracomment>
        <translation>No se pudieron poner en cola las canciones: {why}</translation>
    </message>
</context>
<context>
    <name>TimelineStrip</name>
    <message>
        <source>Lyrics timing</source>
        <translation>Marcas de tiempo de la letra</translation>
    </message>
</context>
<context>
    <name>TokenDialog</name>
    <message>
        <source>API token</source>
        <translation>Token de la API</translation>
    </message>
    <message>
        <source>The app needs your useapi.net API token to ask FlowMusic about your jobs. It is stored in the system keyring and sent only to the API.</source>
        <translation>La aplicación necesita su token de la API de useapi.net para consultar sus trabajos a FlowMusic. Se guarda en el llavero del sistema y solo se envía a la API.</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Mostrar</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Probar</translation>
    </message>
    <message>
        <source>Ask the API whether it accepts this token (GET /accounts)</source>
        <translation>Preguntar a la API si acepta este token (GET /accounts)</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Probando…</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Guardando…</translation>
    </message>
</context>
<context>
    <name>TokenText</name>
    <message>
        <source>No keyring is available: your API token is kept only until the app closes. To keep it, run a keyring service (GNOME Keyring, KWallet or KeePassXC) and set the token again, or set FLOWMUSIC_API_TOKEN in your environment.</source>
        <translation>No hay ningún llavero disponible: su token de la API solo se conserva hasta que se cierre la aplicación. Para conservarlo, ejecute un servicio de llavero (GNOME Keyring, KWallet o KeePassXC) y vuelva a configurar el token, o defina FLOWMUSIC_API_TOKEN en su entorno.</translation>
    </message>
    <message>
        <source>Token: demo</source>
        <translation>Token: demostración</translation>
    </message>
    <message>
        <source>No token</source>
        <translation>Sin token</translation>
    </message>
    <message>
        <source>Token: keyring</source>
        <translation>Token: llavero</translation>
    </message>
    <message>
        <source>Token: environment</source>
        <translation>Token: entorno</translation>
    </message>
    <message>
        <source>Token: this session only</source>
        <translation>Token: solo esta sesión</translation>
    </message>
    <message>
        <source>Demo mode: the token is kept for this session only.</source>
        <translation>Modo de demostración: el token solo se guarda durante esta sesión.</translation>
    </message>
    <message>
        <source>No token is set.</source>
        <translation>No hay ningún token configurado.</translation>
    </message>
    <message>
        <source>A token is set, saved in the system keyring. Save another to replace it.</source>
        <translation>Hay un token guardado en el llavero del sistema. Guarde otro para reemplazarlo.</translation>
    </message>
    <message>
        <source>A token is set by %1, which takes precedence over one saved here.</source>
        <translation>Hay un token definido por %1, que tiene prioridad sobre uno guardado aquí.</translation>
    </message>
    <message>
        <source>A token is set for this session only: no keyring is available, so it goes when the app closes.</source>
        <translation>Hay un token solo para esta sesión: no hay llavero disponible, así que desaparecerá al cerrar la aplicación.</translation>
    </message>
</context>
<context>
    <name>TrackerBinding</name>
    <message>
        <source>No jobs</source>
        <translation>No hay trabajos</translation>
    </message>
    <message numerus="yes">
        <source>%Ln job(s): {counts}</source>
        <translation>
            <numerusform>%Ln trabajo: {counts}</numerusform>
            <numerusform>%Ln trabajos: {counts}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln song(s) queued</source>
        <translation>
            <numerusform>%Ln canción en cola</numerusform>
            <numerusform>%Ln canciones en cola</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <source>&amp;New song…</source>
        <extracomment>Up to this many selected rows are looked at to tell whether Cancel applies; beyond, it is offered and sorts it out.</extracomment>
        <translation>&amp;Nueva canción…</translation>
    </message>
    <message>
        <source>Make songs: prompt, lyrics, account, how many, and what it costs</source>
        <translation>Crear canciones: prompt, letra, cuenta, cuántas y cuánto cuesta</translation>
    </message>
    <message>
        <source>Make &amp;again…</source>
        <translation>Crear de &amp;nuevo…</translation>
    </message>
    <message>
        <source>The form with every field as this job&apos;s request sent it</source>
        <translation>El formulario con cada campo como lo envió la solicitud de este trabajo</translation>
    </message>
    <message>
        <source>&amp;Send again</source>
        <translation>&amp;Reenviar</translation>
    </message>
    <message>
        <source>Send a song that was not made again (it is never resent by itself)</source>
        <translation>Reenviar una canción que no se creó (nunca se reenvía sola)</translation>
    </message>
    <message>
        <source>&amp;Add jobs…</source>
        <translation>&amp;Añadir trabajos…</translation>
    </message>
    <message>
        <source>Add job ids from any text</source>
        <translation>Añadir ID de trabajo desde cualquier texto</translation>
    </message>
    <message>
        <source>&amp;Paste job ids</source>
        <translation>&amp;Pegar ID de trabajo</translation>
    </message>
    <message>
        <source>Add every job id in the clipboard</source>
        <translation>Añadir todos los ID de trabajo del portapapeles</translation>
    </message>
    <message>
        <source>&amp;Re-check now</source>
        <translation>&amp;Volver a comprobar ahora</translation>
    </message>
    <message>
        <source>Ask the API about the selected jobs now</source>
        <translation>Preguntar ahora a la API por los trabajos seleccionados</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>&amp;Quitar</translation>
    </message>
    <message>
        <source>Stop tracking the selected jobs</source>
        <translation>Dejar de seguir los trabajos seleccionados</translation>
    </message>
    <message>
        <source>&amp;Cancel job</source>
        <translation>Ca&amp;ncelar trabajo</translation>
    </message>
    <message>
        <source>Ask the API to stop the selected pending jobs (their credits are spent either way)</source>
        <translation>Pedir a la API que detenga los trabajos en curso seleccionados (sus créditos se gastan de todos modos)</translation>
    </message>
    <message>
        <source>&amp;Pause checking</source>
        <translation>&amp;Pausar las consultas</translation>
    </message>
    <message>
        <source>Send no request to the API until this is unchecked; nothing is lost, and a fresh start always checks</source>
        <translation>No enviar solicitudes a la API hasta desmarcar esto; no se pierde nada, y al volver a iniciar siempre se consulta</translation>
    </message>
    <message>
        <source>A&amp;ccounts…</source>
        <translation>C&amp;uentas…</translation>
    </message>
    <message>
        <source>The accounts on your token: running jobs, credits and health</source>
        <translation>Las cuentas de su token: trabajos en curso, créditos y estado</translation>
    </message>
    <message>
        <source>&amp;Copy job id</source>
        <translation>&amp;Copiar ID de trabajo</translation>
    </message>
    <message>
        <source>Copy record as &amp;JSON</source>
        <translation>Copiar registro como &amp;JSON</translation>
    </message>
    <message>
        <source>Open &amp;audio</source>
        <translation>Abrir &amp;audio</translation>
    </message>
    <message>
        <source>Open the first clip&apos;s audio in the system&apos;s player</source>
        <translation>Abrir el audio del primer clip en el reproductor del sistema</translation>
    </message>
    <message>
        <source>Open &amp;WAV</source>
        <translation>Abrir &amp;WAV</translation>
    </message>
    <message>
        <source>&amp;Download all WAVs</source>
        <translation>&amp;Descargar todos los WAV</translation>
    </message>
    <message>
        <source>Save the WAV of every clip of the selected jobs in the download folder</source>
        <translation>Guardar el WAV de cada clip de los trabajos seleccionados en la carpeta de descargas</translation>
    </message>
    <message>
        <source>Download &amp;clips</source>
        <translation>Descargar c&amp;lips</translation>
    </message>
    <message>
        <source>Save every clip of the selected jobs in the default format (Settings)</source>
        <translation>Guardar cada clip de los trabajos seleccionados en el formato predeterminado (Configuración)</translation>
    </message>
    <message>
        <source>&amp;Kept takes only</source>
        <translation>Solo tomas &amp;guardadas</translation>
    </message>
    <message>
        <source>Download only the takes starred as keepers in the detail view</source>
        <translation>Descargar solo las tomas marcadas con la estrella en la vista de detalle</translation>
    </message>
    <message>
        <source>Download my &amp;library…</source>
        <translation>Descargar mi &amp;biblioteca…</translation>
    </message>
    <message>
        <source>Save every clip of every account on the token as a tagged mp3</source>
        <translation>Guardar cada clip de cada cuenta del token como mp3 etiquetado</translation>
    </message>
    <message>
        <source>&amp;Downloads</source>
        <translation>&amp;Descargas</translation>
    </message>
    <message>
        <source>Show the downloads: progress, Cancel, Retry, Open</source>
        <translation>Mostrar las descargas: progreso, Cancelar, Reintentar, Abrir</translation>
    </message>
    <message>
        <source>&amp;Find</source>
        <translation>&amp;Buscar</translation>
    </message>
    <message>
        <source>API &amp;token…</source>
        <translation>&amp;Token de la API…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Configuración…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>&amp;Play or pause</source>
        <translation>&amp;Reproducir o pausar</translation>
    </message>
    <message>
        <source>Play the selected job&apos;s first clip, or pause what plays</source>
        <translation>Reproducir el primer clip del trabajo seleccionado o pausar lo que suena</translation>
    </message>
    <message>
        <source>Ne&amp;xt clip</source>
        <translation>Clip &amp;siguiente</translation>
    </message>
    <message>
        <source>Pre&amp;vious clip</source>
        <translation>Clip &amp;anterior</translation>
    </message>
    <message>
        <source>Open &amp;log folder</source>
        <translation>Abrir carpeta de &amp;registros</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>&amp;Acerca de</translation>
    </message>
    <message>
        <source>Cancel job</source>
        <translation>Cancelar trabajo</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>&amp;Jobs</source>
        <translation>&amp;Trabajos</translation>
    </message>
    <message>
        <source>P&amp;layback</source>
        <translation>&amp;Reproducción</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Ay&amp;uda</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Principal</translation>
    </message>
    <message>
        <source>&amp;Cancel jobs</source>
        <translation>Ca&amp;ncelar trabajos</translation>
    </message>
    <message>
        <source>Cancel jobs</source>
        <translation>Cancelar trabajos</translation>
    </message>
</context>
<context>
    <name>WindowController</name>
    <message>
        <source>Loading…</source>
        <extracomment>``flowmusic-gui --no-discover``: this session takes in no job found on the account, whatever the setting. The window&apos;s studio (ui/studio/controller.py), started once a token is set.</extracomment>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>The keyring could not be read ({error}).</source>
        <translation>No se pudo leer el llavero ({error}).</translation>
    </message>
    <message>
        <source>Set your API token to start watching jobs.</source>
        <translation>Configure su token de la API para empezar a vigilar trabajos.</translation>
    </message>
    <message>
        <source>The API token was rejected: polling waits until you set a working one.</source>
        <translation>Se rechazó el token de la API: las consultas esperan hasta que configure uno que funcione.</translation>
    </message>
    <message>
        <source>Set token…</source>
        <translation>Configurar token…</translation>
    </message>
    <message>
        <source>The token is {where}.</source>
        <translation>El token está {where}.</translation>
    </message>
    <message>
        <source>Token saved in the system keyring: polling resumes</source>
        <translation>Token guardado en el llavero del sistema: se reanudan las consultas</translation>
    </message>
    <message>
        <source>Token in use until the app closes: polling resumes</source>
        <translation>Token en uso hasta que se cierre la aplicación: se reanudan las consultas</translation>
    </message>
    <message>
        <source>The demo forgets its settings when it closes, so it will not start in {language}. To see the demo in {language}, start it with LANGUAGE={code} flowmusic-gui --demo.</source>
        <translation>La demo olvida su configuración al cerrarse, así que no se iniciará en {language}. Para ver la demo en {language}, iníciela con LANGUAGE={code} flowmusic-gui --demo.</translation>
    </message>
    <message>
        <source>The demo forgets its settings when it closes: it starts in the system language.</source>
        <translation>La demo olvida su configuración al cerrarse: se inicia en el idioma del sistema.</translation>
    </message>
    <message>
        <source>The new language applies at the next start.</source>
        <translation>El nuevo idioma se aplicará en el próximo inicio.</translation>
    </message>
    <message>
        <source>Could not change the autostart entry ({error}).</source>
        <translation>No se pudo cambiar la entrada de inicio automático ({error}).</translation>
    </message>
    <message>
        <source>the command line</source>
        <translation>la línea de órdenes</translation>
    </message>
    <message>
        <source>the clipboard</source>
        <translation>el portapapeles</translation>
    </message>
    <message numerus="yes">
        <source>Added %Ln job(s)</source>
        <translation>
            <numerusform>%Ln trabajo añadido</numerusform>
            <numerusform>%Ln trabajos añadidos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln already tracked</source>
        <translation>
            <numerusform>%Ln ya seguido</numerusform>
            <numerusform>%Ln ya seguidos</numerusform>
        </translation>
    </message>
    <message>
        <source>No job id found in {source}</source>
        <translation>No se encontró ningún ID de trabajo en {source}</translation>
    </message>
    <message>
        <source>No job id found</source>
        <translation>No se encontró ningún ID de trabajo</translation>
    </message>
    <message numerus="yes">
        <source>%Ln piece(s) rejected: {first}</source>
        <translation>
            <numerusform>%Ln fragmento rechazado: {first}</numerusform>
            <numerusform>%Ln fragmentos rechazados: {first}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n hidden by the current filter</source>
        <translation>
            <numerusform>%n oculto por el filtro actual</numerusform>
            <numerusform>%n ocultos por el filtro actual</numerusform>
        </translation>
    </message>
    <message>
        <source>Show all</source>
        <translation>Mostrar todo</translation>
    </message>
    <message>
        <source>{parts}.</source>
        <translation>{parts}.</translation>
    </message>
    <message>
        <source>the dialog</source>
        <translation>el diálogo</translation>
    </message>
    <message>
        <source>Remove jobs</source>
        <translation>Quitar trabajos</translation>
    </message>
    <message numerus="yes">
        <source>Stop tracking %Ln job(s)? Their records are removed from this computer.</source>
        <translation>
            <numerusform>¿Dejar de seguir %Ln trabajo? Su registro se eliminará de este equipo.</numerusform>
            <numerusform>¿Dejar de seguir %Ln trabajos? Sus registros se eliminarán de este equipo.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Removed %Ln job(s).</source>
        <translation>
            <numerusform>%Ln trabajo quitado.</numerusform>
            <numerusform>%Ln trabajos quitados.</numerusform>
        </translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Deshacer</translation>
    </message>
    <message numerus="yes">
        <source>Restored %Ln job(s)</source>
        <translation>
            <numerusform>%Ln trabajo restaurado</numerusform>
            <numerusform>%Ln trabajos restaurados</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Re-checking %Ln job(s)…</source>
        <translation>
            <numerusform>Volviendo a comprobar %Ln trabajo…</numerusform>
            <numerusform>Volviendo a comprobar %Ln trabajos…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WindowStatus</name>
    <message>
        <source>Demo mode</source>
        <translation>Modo de demostración</translation>
    </message>
    <message>
        <source>Started with --demo: jobs come from a simulator on this computer, not your FlowMusic account</source>
        <translation>Iniciado con --demo: los trabajos vienen de un simulador en este equipo, no de su cuenta de FlowMusic</translation>
    </message>
    <message>
        <source>Checking paused</source>
        <translation>Consultas en pausa</translation>
    </message>
    <message>
        <source>{problem}, retrying in {seconds} s</source>
        <translation>{problem}, nuevo intento en {seconds} s</translation>
    </message>
    <message>
        <source>Rate limited: waiting {seconds} s</source>
        <translation>Límite de solicitudes: esperando {seconds} s</translation>
    </message>
    <message>
        <source>The token in use: {where}.</source>
        <translation>El token en uso: {where}.</translation>
    </message>
</context>
<context>
    <name>_DownloadRow</name>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Mostrar</translation>
    </message>
    <message>
        <source>Open the folder that holds the file</source>
        <translation>Abrir la carpeta que contiene el archivo</translation>
    </message>
    <message>
        <source>{what}: {received} of {total} MB</source>
        <translation>{what}: {received} de {total} MB</translation>
    </message>
    <message>
        <source>{what}: {received} MB</source>
        <translation>{what}: {received} MB</translation>
    </message>
</context>
</TS>
