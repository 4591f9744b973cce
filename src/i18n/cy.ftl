# Testun Cymraeg y tudalennau cyhoeddus: statws achos, adolygiadau, dewisiadau cysylltu a'r
# argymhellion a gyhoeddwyd. Cadwch hwn yn gyson ag en.ftl: mae prawf uned yn methu os oes
# allwedd ar goll o'r naill ffeil neu'r llall.

## Cynllun y dudalen

skip-link = Neidio i'r prif gynnwys
service-information = Gwybodaeth am y gwasanaeth
support-links = Dolenni cymorth
footer-published = Canlyniadau ac argymhellion a gyhoeddwyd
footer-workflow = Sut mae'r broses yn gweithio
language-switch-label = Iaith
language-switch-hidden = Newid yr iaith i
easy-read-switch = Fersiwn hawdd ei deall
standard-read-switch = Fersiwn safonol
error-summary-title = Mae problem wedi codi
error-prefix = Gwall
success = Llwyddiant
back = Yn ôl
sign-out = Allgofnodi

## Dyddiadau ac amseroedd

month-1 = Ionawr
month-2 = Chwefror
month-3 = Mawrth
month-4 = Ebrill
month-5 = Mai
month-6 = Mehefin
month-7 = Gorffennaf
month-8 = Awst
month-9 = Medi
month-10 = Hydref
month-11 = Tachwedd
month-12 = Rhagfyr
time-am = yb
time-pm = yh

## Dod o hyd i'ch achos

lookup-title = Gwirio statws eich cwyn
lookup-intro = Bydd angen cyfeirnod yr achos a'r cod mynediad a roddodd yr heddlu i chi pan gafodd eich cwyn ei chofnodi.
lookup-reference-label = Cyfeirnod yr achos
lookup-reference-hint = Mae hwn yn dechrau gydag OV, er enghraifft OV-K7M2-9QXD
lookup-code-label = Cod mynediad
lookup-code-hint = 16 o lythrennau a rhifau, er enghraifft K7M2-9QXD-4HTV-8RWN. Does dim ots am lythrennau bach neu fawr na'r llinellau byr.
lookup-submit = Parhau
lookup-reference-missing = Rhowch gyfeirnod eich achos
lookup-code-missing = Rhowch eich cod mynediad
lookup-failed = Nid yw cyfeirnod yr achos na'r cod mynediad yn gywir. Gwiriwch y ddau a rhowch gynnig arall arni.
lookup-blocked = Mae gormod o ymdrechion wedi bod i ddod o hyd i achos. Gallwch roi cynnig arall arni ar ôl { $time }.
lookup-slow = Arhoswch ychydig eiliadau rhwng pob ymdrech.
lookup-no-code-heading = Os nad oes gennych god mynediad
lookup-no-code = Gofynnwch i'r heddlu sy'n delio â'ch cwyn roi un i chi. Bydd cod newydd yn cymryd lle unrhyw god oedd gennych o'r blaen.
lookup-expired = Er eich diogelwch, cafodd eich achos ei gau ar ôl 30 munud heb unrhyw weithgarwch. Rhowch eich manylion eto i barhau.
lookup-signed-out = Rydych wedi allgofnodi. Ni all neb sy'n defnyddio'r ddyfais hon weld eich achos heb eich cod mynediad.
lookup-privacy = Dim ond yr hyn sydd wedi'i benderfynu am eich achos rydym yn ei ddangos i chi. Gall rhywfaint o wybodaeth gael ei chadw'n ôl os gallai ei rhannu achosi niwed, er enghraifft i ymchwiliad.

## Y dudalen statws

status-page-title = Statws eich achos
status-reference = Cyfeirnod yr achos { $reference }
status-force-reference = Cyfeirnod yr heddlu
status-handled-by = Yn cael ei drin gan
heading-now = Beth sy'n digwydd nawr
heading-next = Beth sy'n digwydd nesaf
heading-dates = Dyddiadau allweddol
date-received = Wedi dod i law
date-recorded = Wedi'i chofnodi
date-referred = Wedi'i hanfon at yr IOPC
date-investigation-started = Dechrau'r ymchwiliad
date-outcome-letter = Anfon y llythyr canlyniad
date-closed = Wedi'i chau
heading-update = Eich diweddariad nesaf
update-due = Dylech gael diweddariad gan yr heddlu erbyn { $date }.
update-overdue = Dylech fod wedi cael diweddariad gan yr heddlu erbyn { $date }. Os nad ydych wedi clywed ganddynt, cysylltwch â nhw.
update-rule = Tra bo'ch cwyn yn cael ei thrin, rhaid rhoi diweddariad i chi o leiaf bob 4 wythnos.
heading-outcome = Y canlyniad
outcome-intro = Mae eich cwyn yn cynnwys un honiad neu ragor. Dyma ganlyniad pob un.
allegation-number = Honiad { $number }
outcome-label = Canlyniad
outcome-detail-label = Beth fydd yn digwydd o ganlyniad
outcome-not-decided = Heb ei benderfynu eto
outcome-service_acceptable = Roedd y gwasanaeth a gawsoch yn dderbyniol.
outcome-service_not_acceptable = Nid oedd y gwasanaeth a gawsoch yn dderbyniol.
outcome-could_not_determine = Nid oedd modd penderfynu a oedd y gwasanaeth a gawsoch yn dderbyniol.
outcome-no_further_action = Ni fydd unrhyw gamau pellach.
outcome-upheld = Cafodd eich cwyn ei chadarnhau.
outcome-not_upheld = Ni chafodd eich cwyn ei chadarnhau.
heading-review = Gofyn am adolygiad
iopc-name = Swyddfa Annibynnol Ymddygiad yr Heddlu (IOPC)
review-open = Os nad ydych yn fodlon ar y canlyniad, gallwch ofyn i { $body } ei adolygu.
review-last-day = Rhaid i chi wneud cais erbyn { $date }.
review-apply = Gwneud cais am adolygiad
review-closed = Daeth yr amser i wneud cais am adolygiad i ben ar { $date }.
review-late = Os oedd gennych reswm da dros beidio â gwneud cais mewn pryd, gallwch ofyn o hyd i { $body } dderbyn cais hwyr. Cysylltwch â nhw, eglurwch pam na allech wneud cais mewn pryd a dywedwch gyda beth rydych yn anghytuno. Byddant yn penderfynu a oes rhesymau arbennig dros ei dderbyn.
review-not-yet = Pan fydd canlyniad eich cwyn wedi'i benderfynu, byddwch yn cael gwybod a allwch ofyn am adolygiad a sut.
review-none-outside = Cafodd eich cwyn ei thrin y tu allan i'r broses gwyno ffurfiol, felly nid oes hawl i ofyn am adolygiad. Os nad ydych yn fodlon ar sut y cafodd ei thrin, dywedwch wrth yr heddlu: rhaid iddo wedyn gofnodi eich cwyn yn ffurfiol.
review-none-matter = Nid oes hawl i ofyn am adolygiad o'r math hwn o achos.
review-none-interested = Dim ond y person a wnaeth y gŵyn sy'n gallu gofyn am adolygiad.
review-none-legacy = Nid oes hawl i ofyn am adolygiad o ganlyniad y gŵyn hon.
review-applied-on = Gwnaethoch gais am adolygiad ar { $date }. Cyfeirnod eich adolygiad yw { $reference }.
review-stage-applied = Mae eich cais gan { $body } a byddant yn ei wirio.
review-stage-valid = Mae { $body } wedi derbyn eich cais ac yn adolygu'r canlyniad.
review-stage-invalid = Nid oedd { $body } yn gallu derbyn eich cais. Byddant wedi ysgrifennu atoch i egluro pam.
review-stage-upheld = Mae { $body } wedi cadarnhau eich adolygiad. Byddant yn ysgrifennu atoch i ddweud beth fydd yn digwydd nesaf.
review-stage-not_upheld = Nid yw { $body } wedi cadarnhau eich adolygiad. Roeddent o'r farn bod canlyniad eich cwyn yn rhesymol ac yn gymesur.
heading-actions = Beth allwch chi ei wneud nawr
action-contact = Newid sut rydym yn cysylltu â chi a'ch iaith
action-review = Gwneud cais am adolygiad
action-published = Darllen canlyniadau ac argymhellion a gyhoeddwyd
contact-saved = Mae eich dewisiadau cysylltu wedi'u cadw.

## Gwneud cais am adolygiad

review-form-title = Gwneud cais am adolygiad
review-form-intro = Bydd { $body } yn adolygu canlyniad eich cwyn.
review-grounds-label = Gyda beth rydych chi'n anghytuno?
review-grounds-hint = Dywedwch wrthym pa rannau o'r canlyniad sy'n anghywir yn eich barn chi, a pham.
review-sought-label = Pa ganlyniad rydych chi ei eisiau?
review-sought-hint = Er enghraifft, ymddiheuriad, ymchwiliad newydd neu gamau yn erbyn swyddog.
review-submit = Anfon y cais
review-grounds-missing = Dywedwch wrthym gyda beth rydych yn anghytuno
review-sought-missing = Dywedwch wrthym pa ganlyniad rydych ei eisiau
review-grounds-too-long = Rhaid i'r hyn rydych yn anghytuno ag ef fod yn 5,000 o nodau neu lai
review-sought-too-long = Rhaid i'r canlyniad rydych ei eisiau fod yn 5,000 o nodau neu lai
review-refused = Ni allwch wneud cais ar-lein am adolygiad o'r achos hwn bellach. Ewch yn ôl i statws eich achos i weld pam.
review-conflict = Newidiodd eich achos tra oeddech yn ysgrifennu. Mae eich geiriau isod o hyd: gwiriwch statws eich achos, yna anfonwch eich cais eto os gallwch.
review-done-title = Cais wedi'i anfon
review-done-reference = Cyfeirnod eich adolygiad yw
review-done-body = Bydd { $body } yn gwirio eich cais ac yn ysgrifennu atoch. Cadwch gyfeirnod eich adolygiad: bydd ei angen arnoch os byddwch yn cysylltu â nhw.
review-done-back = Yn ôl i statws eich achos

## Dewisiadau cysylltu

contact-title = Sut rydym yn cysylltu â chi
contact-intro = Dywedwch wrthym sut yr hoffech i ni gysylltu â chi am eich achos, ac ym mha iaith.
contact-method-legend = Sut yr hoffech i ni gysylltu â chi?
contact-method-email = E-bost
contact-method-post = Post
contact-method-telephone = Ffôn
contact-email-label = Cyfeiriad e-bost
contact-address-label = Cyfeiriad post
contact-phone-label = Rhif ffôn
contact-language-legend = Pa iaith yr hoffech i ni ei defnyddio?
contact-easy-legend = Hoffech chi gael llythyrau a thudalennau hawdd eu deall?
contact-easy-hint = Mae fersiynau hawdd eu deall yn defnyddio brawddegau byr a geiriau syml.
contact-yes = Hoffwn
contact-no = Na hoffwn
contact-save = Cadw
contact-method-missing = Dewiswch sut yr hoffech i ni gysylltu â chi
contact-email-missing = Rhowch eich cyfeiriad e-bost
contact-email-invalid = Rhowch gyfeiriad e-bost yn y fformat cywir, fel enw@enghraifft.com
contact-phone-missing = Rhowch eich rhif ffôn
contact-phone-invalid = Rhowch rif ffôn, fel 01632 960 001 neu 07700 900 982
contact-address-missing = Rhowch eich cyfeiriad post
contact-too-long = Rhaid i hwn fod yn 500 o nodau neu lai
contact-language-missing = Dewiswch iaith
contact-easy-missing = Dewiswch a hoffech gael llythyrau a thudalennau hawdd eu deall

## Canlyniadau ac argymhellion a gyhoeddwyd

published-title = Canlyniadau ac argymhellion a gyhoeddwyd
published-intro = Mae Swyddfa Annibynnol Ymddygiad yr Heddlu (IOPC) yn gwneud argymhellion dysgu i heddluoedd a sefydliadau eraill. Rhaid iddynt ymateb o fewn 56 diwrnod. Dyma'r argymhellion a'r ymatebion sydd wedi'u cyhoeddi.
published-filter-heading = Hidlo a chwilio
published-force = Heddlu neu sefydliad
published-any-force = Pob heddlu
published-year = Blwyddyn cyhoeddi
published-any-year = Pob blwyddyn
published-search = Chwilio
published-search-hint = Geiriau o'r teitl, yr argymhelliad neu'r ymateb, neu gyfeirnod IOPC fel 2021/012345
published-apply = Dangos canlyniadau
published-clear = Clirio'r hidlwyr
published-none = Does dim argymhellion wedi'u cyhoeddi sy'n cyfateb. Rhowch gynnig ar lai o eiriau neu eiriau gwahanol, neu cliriwch yr hidlwyr.
published-results = Argymhellion a gyhoeddwyd
published-made-to = Wedi'i wneud i
published-iopc-reference = Cyfeirnod IOPC
published-made-on = Dyddiad yr argymhelliad
published-due-on = Dyddiad ymateb
published-published-on = Cyhoeddwyd
published-summary = Crynodeb o'r ymchwiliad
published-recommendation = Argymhelliad
published-accepted = Ydych chi'n derbyn yr argymhelliad?
published-action = Y camau a dderbyniwyd
published-response-accepted = Ydym
published-response-partially_accepted = Yn rhannol
published-response-not_accepted = Nac ydym
published-no-response = Heb ei gofnodi
published-untitled = Argymhelliad i { $recipient }
published-previous = Blaenorol
published-next = Nesaf
published-pages = Tudalennau canlyniadau
published-feed = Cael cyhoeddiadau newydd mewn darllenydd ffrydiau (Atom)
published-all = Pob argymhelliad a gyhoeddwyd
published-permalink = Dolen i'r argymhelliad hwn
published-read-more = Darllen yr argymhelliad: { $title }

## Cam cwyn: beth sy'n digwydd nawr a beth sy'n digwydd nesaf

stage-logged-title = Rydym wedi cael eich cwyn
stage-logged-now = Mae'r heddlu wedi cael eich cwyn. Bydd rhywun yn cysylltu â chi i siarad amdani ac i ofyn sut yr hoffech iddi gael ei thrin.
stage-logged-next = Bydd yr heddlu'n penderfynu a ddylid cofnodi eich cwyn yn ffurfiol. Mae hyn fel arfer yn digwydd o fewn ychydig wythnosau.
stage-outside_schedule3-title = Mae'r heddlu'n delio â'ch cwyn yn anffurfiol
stage-outside_schedule3-now = Mae'r heddlu'n ceisio unioni pethau'n gyflym, heb ymchwiliad ffurfiol.
stage-outside_schedule3-next = Os nad ydych yn fodlon ar sut mae pethau'n mynd, dywedwch wrth yr heddlu. Rhaid iddo wedyn gofnodi eich cwyn yn ffurfiol.
stage-recorded-title = Mae eich cwyn wedi'i chofnodi
stage-recorded-now = Mae'r heddlu wedi cofnodi eich cwyn yn ffurfiol. Mae'n penderfynu ar y ffordd orau o ddelio â hi.
stage-recorded-next = Bydd yr heddlu'n penderfynu a oes angen ymchwilio i'ch cwyn neu a ellir delio â hi mewn ffordd arall, a bydd yn dweud wrthych.
stage-referred-title = Mae eich cwyn wedi'i hanfon at yr IOPC
stage-referred-now = Mae'r heddlu wedi anfon eich cwyn at Swyddfa Annibynnol Ymddygiad yr Heddlu (IOPC), fel y mae'n rhaid iddo ei wneud gyda chwynion difrifol. Mae'r IOPC yn penderfynu a ddylid ymchwilio i'r gŵyn, a phwy ddylai wneud hynny.
stage-referred-next = Mae'r IOPC fel arfer yn penderfynu o fewn ychydig wythnosau. Byddwch yn cael gwybod beth mae'n ei benderfynu.
stage-referred_back-title = Mae'r IOPC wedi anfon eich cwyn yn ôl at yr heddlu
stage-referred_back-now = Edrychodd yr IOPC ar eich cwyn a phenderfynu y dylai'r heddlu ddelio â hi.
stage-referred_back-next = Bydd yr heddlu'n penderfynu sut i ddelio â'ch cwyn a bydd yn dweud wrthych.
stage-handled_otherwise-title = Mae'r heddlu'n delio â'ch cwyn heb ymchwiliad
stage-handled_otherwise-now = Mae'r heddlu wedi penderfynu nad oes angen ymchwiliad i'ch cwyn. Mae'n edrych ar yr hyn a ddigwyddodd mewn ffordd arall, er enghraifft drwy egluro, ymddiheuro neu sicrhau bod gwersi'n cael eu dysgu.
stage-handled_otherwise-next = Pan fydd wedi gorffen, bydd yr heddlu'n ysgrifennu atoch gyda'r canlyniad ac yn dweud beth allwch ei wneud os nad ydych yn fodlon arno.
stage-under_investigation-title = Rydym yn ymchwilio i'ch cwyn
stage-under_investigation-now = Mae ymchwiliad i'ch cwyn. Mae'r ymchwilydd yn casglu tystiolaeth, a gall hynny gynnwys siarad â'r bobl dan sylw.
stage-under_investigation-next = Mae ymchwiliadau'n aml yn cymryd sawl mis. Byddwch yn cael diweddariad o leiaf bob 4 wythnos, a byddwch yn cael gwybod y canlyniad pan ddaw'r ymchwiliad i ben.
stage-investigation_suspended-title = Mae'r ymchwiliad i'ch cwyn wedi'i oedi
stage-investigation_suspended-now = Mae'r ymchwiliad wedi'i oedi am y tro. Mae hyn fel arfer yn digwydd tra bo achos troseddol yn cael ei gynnal, fel nad yw'n cael ei effeithio.
stage-investigation_suspended-next = Bydd yr ymchwiliad yn ailddechrau pan fydd y rheswm dros yr oedi wedi dod i ben. Byddwch yn dal i gael diweddariadau.
stage-report_received-title = Mae'r ymchwiliad i'ch cwyn wedi gorffen
stage-report_received-now = Mae'r ymchwilydd wedi ysgrifennu adroddiad am eich cwyn. Mae'n cael ei ystyried nawr.
stage-report_received-next = Bydd penderfyniad yn cael ei wneud ynghylch a oes gan unrhyw un achos i'w ateb. Yna byddwch yn cael gwybod canlyniad eich cwyn.
stage-determinations_made-title = Mae penderfyniadau wedi'u gwneud ar ôl yr ymchwiliad
stage-determinations_made-now = Mae penderfyniadau wedi'u gwneud ynghylch a oes gan unrhyw un o'r bobl dan sylw achos i'w ateb.
stage-determinations_made-next = Mae canlyniad eich cwyn yn cael ei benderfynu. Byddwch yn cael gwybod amdano yn ysgrifenedig.
stage-outcome_decided-title = Mae canlyniad eich cwyn wedi'i benderfynu
stage-outcome_decided-now = Mae penderfyniad wedi'i wneud am ganlyniad eich cwyn.
stage-outcome_decided-next = Byddwch yn cael llythyr am y canlyniad o fewn 5 diwrnod gwaith i'r penderfyniad. Bydd yn egluro beth a benderfynwyd a beth allwch ei wneud os nad ydych yn fodlon arno.
stage-outcome_notified-title = Rydych wedi cael gwybod canlyniad eich cwyn
stage-outcome_notified-now = Mae llythyr wedi'i anfon atoch gyda chanlyniad eich cwyn. Mae canlyniad pob rhan ohoni isod.
stage-outcome_notified-next = Os nad ydych yn fodlon ar y canlyniad, efallai y gallwch ofyn am adolygiad. Gweler isod.
stage-under_review-title = Mae eich adolygiad yn cael ei ystyried
stage-under_review-now = Gwnaethoch ofyn am adolygiad o ganlyniad eich cwyn. Mae'r corff adolygu yn edrych arno.
stage-under_review-next = Bydd y corff adolygu yn ysgrifennu atoch gyda'i benderfyniad.
stage-review_concluded-title = Mae penderfyniad wedi'i wneud am eich adolygiad
stage-review_concluded-now = Mae penderfyniad wedi'i wneud am yr adolygiad o ganlyniad eich cwyn.
stage-review_concluded-next = Mae'r corff adolygu wedi ysgrifennu atoch i egluro ei benderfyniad ac unrhyw beth a fydd yn digwydd o'i herwydd.
stage-withdrawn-title = Mae eich cwyn wedi'i thynnu'n ôl
stage-withdrawn-now = Dywedoch wrth yr heddlu eich bod am dynnu eich cwyn yn ôl, felly mae wedi dod i ben.
stage-withdrawn-next = Ni fydd dim byd arall yn digwydd gyda'ch cwyn. Os na wnaethoch ofyn am hyn, cysylltwch â'r heddlu.
stage-discontinued-title = Cafodd yr ymchwiliad i'ch cwyn ei atal
stage-discontinued-now = Cafodd yr ymchwiliad i'ch cwyn ei atal o dan y rheolau a oedd yn berthnasol cyn mis Chwefror 2020.
stage-discontinued-next = Ni fydd dim byd arall yn digwydd gyda'ch cwyn. Os oes gennych gwestiynau, cysylltwch â'r heddlu.
stage-disapplied-title = Nid yw eich cwyn yn cael ei thrin bellach
stage-disapplied-now = Penderfynwyd na fyddai'r rheolau cwyno ffurfiol yn berthnasol i'ch cwyn bellach, o dan y rheolau a oedd yn berthnasol cyn mis Chwefror 2020.
stage-disapplied-next = Ni fydd dim byd arall yn digwydd gyda'ch cwyn. Os oes gennych gwestiynau, cysylltwch â'r heddlu.
stage-closed-title = Mae eich cwyn wedi'i chau
stage-closed-now = Mae'r holl waith ar eich cwyn wedi gorffen.
stage-closed-next = Ni fydd dim byd arall yn digwydd gyda'ch cwyn. Gallwch ddarllen y canlyniad ar y dudalen hon o hyd.

## Cam mater ymddygiad neu fater marwolaeth neu anaf difrifol, i'r bobl sy'n cael gwybod amdano

stage-logged-title-matter = Mae'r mater wedi'i roi gerbron yr heddlu
stage-logged-now-matter = Mae'r heddlu'n gwybod am y mater ac yn penderfynu beth i'w wneud.
stage-logged-next-matter = Bydd yr heddlu'n penderfynu a ddylid cofnodi'r mater yn ffurfiol.
stage-recorded-title-matter = Mae'r mater wedi'i gofnodi
stage-recorded-now-matter = Mae'r heddlu wedi cofnodi'r mater yn ffurfiol.
stage-recorded-next-matter = Bydd yr heddlu'n penderfynu a oes rhaid anfon y mater at yr IOPC neu ymchwilio iddo, a byddwch yn cael gwybod.
stage-referred-title-matter = Mae'r mater wedi'i anfon at yr IOPC
stage-referred-now-matter = Mae Swyddfa Annibynnol Ymddygiad yr Heddlu (IOPC) yn penderfynu a ddylid ymchwilio i'r mater, a phwy ddylai wneud hynny.
stage-referred-next-matter = Mae'r IOPC fel arfer yn penderfynu o fewn ychydig wythnosau. Byddwch yn cael gwybod beth mae'n ei benderfynu.
stage-referred_back-title-matter = Mae'r IOPC wedi anfon y mater yn ôl at yr heddlu
stage-referred_back-now-matter = Penderfynodd yr IOPC y dylai'r heddlu ddelio â'r mater.
stage-referred_back-next-matter = Bydd yr heddlu'n penderfynu beth i'w wneud a bydd yn dweud wrthych.
stage-under_investigation-title-matter = Mae ymchwiliad i'r mater
stage-under_investigation-now-matter = Mae'r ymchwilydd yn casglu tystiolaeth, a gall hynny gynnwys siarad â'r bobl dan sylw.
stage-under_investigation-next-matter = Mae ymchwiliadau'n aml yn cymryd sawl mis. Byddwch yn cael diweddariad o leiaf bob 4 wythnos.
stage-investigation_suspended-title-matter = Mae'r ymchwiliad wedi'i oedi
stage-investigation_suspended-now-matter = Mae'r ymchwiliad wedi'i oedi am y tro. Mae hyn fel arfer yn digwydd tra bo achos troseddol yn cael ei gynnal, fel nad yw'n cael ei effeithio.
stage-investigation_suspended-next-matter = Bydd yr ymchwiliad yn ailddechrau pan fydd y rheswm dros yr oedi wedi dod i ben. Byddwch yn dal i gael diweddariadau.
stage-report_received-title-matter = Mae'r ymchwiliad wedi gorffen
stage-report_received-now-matter = Mae'r ymchwilydd wedi ysgrifennu adroddiad. Mae'n cael ei ystyried nawr.
stage-report_received-next-matter = Bydd penderfyniad yn cael ei wneud ynghylch a oes gan unrhyw un achos i'w ateb, a byddwch yn cael gwybod.
stage-determinations_made-title-matter = Mae penderfyniadau wedi'u gwneud ar ôl yr ymchwiliad
stage-determinations_made-now-matter = Mae penderfyniadau wedi'u gwneud ynghylch a oes gan unrhyw un o'r bobl dan sylw achos i'w ateb.
stage-determinations_made-next-matter = Bydd unrhyw achos camymddwyn sy'n dilyn yn cael ei gynnal. Yna bydd y mater yn cael ei gau.
stage-discontinued-title-matter = Cafodd yr ymchwiliad ei atal
stage-discontinued-now-matter = Cafodd yr ymchwiliad ei atal o dan y rheolau a oedd yn berthnasol cyn mis Chwefror 2020.
stage-discontinued-next-matter = Ni fydd dim byd arall yn digwydd. Os oes gennych gwestiynau, cysylltwch â'r heddlu.
stage-closed-title-matter = Mae'r mater wedi'i gau
stage-closed-now-matter = Mae'r holl waith ar y mater wedi gorffen.
stage-closed-next-matter = Ni fydd dim byd arall yn digwydd.

# Y llythyr canlyniad i'r achwynydd (Rheoliadau 2020 rheoliad 34), wedi'i argraffu gan staff.
letter-title = Canlyniad eich cwyn
letter-reference = Ein cyfeirnod: { $reference }
letter-dear = Annwyl { $name },
letter-intro = Rydym wedi gorffen delio â'ch cwyn am { $force }. Mae'r llythyr hwn yn dweud wrthych beth a benderfynwyd gennym am bob rhan o'ch cwyn a beth sy'n digwydd nesaf.
letter-part = Rhan { $number } o'ch cwyn
letter-you-told-us = Dywedoch wrthym: { $text }
letter-result = Beth sy'n digwydd o ganlyniad: { $text }
letter-unhappy = Os nad ydych yn fodlon ar y canlyniad
letter-review-right = Mae gennych hawl i ofyn am adolygiad o'r canlyniad. Bydd yr adolygiad yn cael ei gynnal gan { $body }.
letter-apply-by = Rhaid i chi wneud cais erbyn { $date }.
letter-window = Mae hynny'n 28 diwrnod gan ddechrau'r diwrnod ar ôl dyddiad y llythyr hwn. Dywedwch wrth yr adolygydd gyda pha rannau o'r canlyniad rydych yn anghytuno a beth yr hoffech iddo ddigwydd. Os byddwch yn gwneud cais ar ôl y diwrnod hwnnw, dim ond os oes rhesymau arbennig pam na allech wneud cais mewn pryd y byddant yn ystyried eich cais.
letter-no-review = Nid oes hawl i ofyn am adolygiad o'r canlyniad hwn.
letter-sign-off = Yn gywir,
letter-iopc = Swyddfa Annibynnol Ymddygiad yr Heddlu
letter-iopc-body = Swyddfa Annibynnol Ymddygiad yr Heddlu (IOPC)
letter-psd = Safonau Proffesiynol, { $force }
letter-lpb-fallback = eich corff plismona lleol

# Hysbysiad cynnydd ymchwiliad sydd wedi para dros 12 mis (Rheoliadau 2020 rheoliad 13;
# Rheoliadau Ymddygiad 2020 rheoliad 19), wedi'i argraffu gan staff i'r corff plismona lleol.
notice-title-twelve_month = Hysbysiad 12 mis
notice-title-six_monthly = Hysbysiad 6 misol
notice-sent = { $title }, anfonwyd { $date }
notice-to = At: { $recipient }
notice-copy-iopc = Copi at: Swyddfa Annibynnol Ymddygiad yr Heddlu (IOPC)
notice-copy-chief-officer = Copi at: prif swyddog { $force }
notice-date = Dyddiad: { $date }
notice-case = Achos: { $reference } ({ $kind }, { $force })
notice-regulation = Hysbysiad o dan reoliad 13 o Reoliadau'r Heddlu (Cwynion a Chamymddwyn) 2020.
notice-not-completed-twelve_month = Dechreuodd yr ymchwiliad { $mode } i'r mater hwn ar { $date } ac nid yw wedi'i gwblhau o fewn 12 mis.
notice-not-completed-six_monthly = Dechreuodd yr ymchwiliad { $mode } i'r mater hwn ar { $date } ac nid yw wedi'i gwblhau o fewn 6 mis arall.
notice-suspended = Cafodd yr ymchwiliad ei atal { $periods }.
notice-suspended-between = o { $from } tan { $to }
notice-suspended-since = ers { $from }
notice-progress = Y cynnydd a'r rhesymau am yr amser a gymerwyd:
notice-expected = Disgwylir i'r ymchwiliad gael ei gwblhau erbyn { $date }.
notice-lpb-fallback = Y corff plismona lleol
notice-kind-complaint = cwyn
notice-kind-conduct_matter = mater ymddygiad cofnodadwy
notice-kind-dsi_matter = mater marwolaeth neu anaf difrifol
notice-mode-local = lleol
notice-mode-directed = dan gyfarwyddyd
notice-mode-independent = annibynnol
notice-mode-supervised = dan oruchwyliaeth
notice-mode-managed = a reolir

## Tudalennau gwall ar y tudalennau cyhoeddus

error-404-heading = Heb ddod o hyd i'r dudalen
error-404-message = Os gwnaethoch deipio'r cyfeiriad gwe, gwiriwch ei fod yn gywir. Os gwnaethoch ddilyn dolen, efallai bod y dudalen wedi symud.
error-400-heading = Mae problem gyda'ch cais
error-400-message = Ewch yn ôl i'r dudalen flaenorol a rhowch gynnig arall arni.
error-403-heading = Ni allwch wneud hynny
error-403-message = Nid yw'r dudalen hon ar gael i chi. Os oeddech yn gwirio eich cwyn, rhowch gyfeirnod eich achos a'ch cod mynediad eto.
error-409-heading = Ni chafodd eich newid ei gadw
error-409-message = Newidiodd rhywbeth tra oeddech yn llenwi'r ffurflen. Ewch yn ôl, ail-lwythwch y dudalen a rhowch gynnig arall arni.
error-500-heading = Mae'n ddrwg gennym, mae problem gyda'r gwasanaeth
error-500-message = Aeth rhywbeth o'i le ar ein hochr ni ac ni chafodd dim ei newid. Rhowch gynnig arall arni yn nes ymlaen.
error-503-heading = Mae'n ddrwg gennym, nid yw'r gwasanaeth ar gael
error-503-message = Nid yw'r gwasanaeth ar gael ar hyn o bryd. Ni chafodd dim a roesoch ei gadw. Rhowch gynnig arall arni ymhen ychydig funudau.
error-reference = Cyfeirnod: { $reference }
error-reference-quote = Os byddwch yn cysylltu â ni am y broblem hon, dyfynnwch y cyfeirnod hwn er mwyn i ni allu darganfod beth ddigwyddodd.
error-next-status = Gwirio statws eich cwyn
error-next-published = Darllen canlyniadau ac argymhellion a gyhoeddwyd

## Ystadegau cwynion (/published/statistics)

footer-statistics = Ystadegau cwynion
bulletin-title = Ystadegau cwynion am yr heddlu
bulletin-intro =
    Mae pob heddlu'n anfon ffigurau am y cwynion y mae'n eu cael at Swyddfa Annibynnol Ymddygiad yr Heddlu (IOPC) bob chwarter.
    Dewiswch heddlu i weld ei ffigurau ar gyfer y chwarter diweddaraf wrth ochr yr un misoedd yn y flwyddyn flaenorol.
bulletin-latest = Mae'r ffigurau diweddaraf ar gyfer { $period }.
bulletin-choose-force = Dewiswch heddlu
bulletin-all-forces = Pob heddlu
bulletin-force-title = Ystadegau cwynion am yr heddlu: { $force }
bulletin-period = Chwarter { $number } { $year } ({ $months }): { $from } i { $to }
bulletin-quarter-1 = Ebrill i Fehefin
bulletin-quarter-2 = Ebrill i Fedi
bulletin-quarter-3 = Ebrill i Ragfyr
bulletin-quarter-4 = y flwyddyn gyfan, Ebrill i Fawrth
bulletin-dates = { $from } i { $to }
bulletin-last-year = Yr un cyfnod y llynedd: { $dates }
bulletin-about =
    Mae'r ffigurau'n cronni o 1 Ebrill, dechrau'r flwyddyn ariannol, hyd at ddiwedd y chwarter diweddaraf sydd wedi dod i ben. Dangosir pob un wrth ochr yr un cyfnod flwyddyn ynghynt.
    Caiff cwyn ei chyfrif yn y cyfnod y cafodd ei chofnodi, neu, ar gyfer y ffigurau am achosion a gwblhawyd, y cyfnod y cafodd ei chwblhau. Nid yw diwrnodau gwaith yn cynnwys penwythnosau a gwyliau banc.
bulletin-small-numbers =
    Er mwyn diogelu'r bobl dan sylw, nid ydym yn cyhoeddi ffigur sy'n seiliedig ar lai na 5 achos cwyn. Yn lle hynny mae'r tabl yn dweud "llai na 5", ac mae ei ganran yn cael ei gadael allan hefyd. Ar gyfer honiadau, rydym yn cyfrif yr achosion y mae'r honiadau'n perthyn iddynt.
    Lle mae ffigurau tabl yn adio i gyfanswm, rydym hefyd yn dal un ffigur arall yn ôl (a ddangosir fel "wedi'i ddal yn ôl"), fel na all neb gyfrifo ffigur bach drwy dynnu'r lleill o'r cyfanswm.
bulletin-small-numbers-source = Mae hyn yn dilyn y Cod Ymarfer ar gyfer Ystadegau (T6.4: rhaid i ystadegau beidio â datgelu gwybodaeth bersonol neb). Mae'r terfyn o 5 yn arfer cyffredin ar gyfer ystadegau'r llywodraeth; nid yw wedi'i wirio yn erbyn rheol yr IOPC ei hun (heb ei wirio).
bulletin-fewer-than-5 = llai na 5
bulletin-withheld = wedi'i ddal yn ôl
bulletin-no-cases = Dim achosion
bulletin-measure = Mesur
bulletin-logged-title = Achosion cwyn a honiadau a gofnodwyd
bulletin-cases-logged = Achosion cwyn a gofnodwyd
bulletin-allegations = Honiadau a gofnodwyd
bulletin-recorded-title = Pam y cafodd achosion eu cofnodi o dan Atodlen 3
bulletin-reason = Rheswm
bulletin-recorded = Achosion a gofnodwyd o dan Atodlen 3
bulletin-reason-aa = Penderfynodd yr heddlu ei chofnodi
bulletin-reason-wishes = Roedd yr achwynydd am iddi gael ei chofnodi
bulletin-reason-dissatisfied = Roedd yr achwynydd yn anfodlon ar ôl iddi gael ei thrin gyntaf
bulletin-reason-none = Dim rheswm wedi'i gofnodi (cwynion o dan y rheolau cyn 2020)
bulletin-categories-title = Honiadau a gofnodwyd, yn ôl categori
bulletin-category = Categori
bulletin-category-delivery-of-duties-and-service = Cyflawni dyletswyddau a gwasanaeth
bulletin-category-police-powers-policies-and-procedures = Pwerau, polisïau a gweithdrefnau'r heddlu
bulletin-category-handling-of-or-damage-to-property-premises = Trin eiddo neu safleoedd, neu eu difrodi
bulletin-category-access-and-or-disclosure-of-information = Cael gafael ar wybodaeth neu ei datgelu
bulletin-category-use-of-police-vehicles = Defnyddio cerbydau'r heddlu
bulletin-category-discriminatory-behaviour = Ymddygiad gwahaniaethol
bulletin-category-abuse-of-position-corruption = Camddefnyddio swydd neu lygredd
bulletin-category-individual-behaviours = Ymddygiad unigolion
bulletin-category-sexual-conduct = Ymddygiad rhywiol
bulletin-category-discreditable-conduct = Ymddygiad sy'n dwyn anfri
bulletin-category-other = Arall
bulletin-finalised-title = Achosion cwyn a gwblhawyd
bulletin-finalised-outside = Achosion a gwblhawyd y tu allan i Atodlen 3
bulletin-days-outside = Nifer cyfartalog y diwrnodau gwaith i'w cwblhau
bulletin-finalised-under = Achosion a gwblhawyd o dan Atodlen 3
bulletin-days-under = Nifer cyfartalog y diwrnodau gwaith i'w cwblhau
bulletin-days-under-excluding = Nifer cyfartalog y diwrnodau gwaith i'w cwblhau, heb gyfrif yr amser pan oedd yr ymchwiliad wedi'i atal
bulletin-reviews-title = Adolygiadau
bulletin-reviews-received = Ceisiadau am adolygiad a gafwyd
bulletin-reviews-completed = Adolygiadau dilys a gwblhawyd
bulletin-reviews-upheld = Canfuwyd nad oedd y canlyniad yn rhesymol ac yn gymesur
bulletin-reviews-days = Nifer cyfartalog y diwrnodau gwaith i gwblhau adolygiad

# Dogfennau'r achwynydd (/status/documents)
action-documents = Gweld y dogfennau a rannwyd â chi, neu anfon un atom
documents-title = Eich dogfennau
documents-shared-heading = Dogfennau a rannwyd â chi
documents-shared-none = Nid oes unrhyw ddogfennau wedi'u rhannu â chi eto.
documents-sent-heading = Dogfennau rydych wedi'u hanfon
documents-sent-none = Nid ydych wedi anfon unrhyw ddogfennau.
documents-send-heading = Anfon dogfen atom
documents-send-intro = Gallwch anfon lluniau, llythyrau, datganiadau, recordiadau neu unrhyw beth arall sy'n cefnogi eich cwyn. Bydd y bobl sy'n delio â'ch achos yn ei gweld. Ni chaiff ei rhannu ag unrhyw un arall.
documents-send-hint = PDF, llun, dogfen Word, sain, fideo, testun plaen neu e-bost, hyd at { $size }. Gallwch anfon { $left } arall.
documents-send-full = Rydych wedi anfon y { $files } dogfen y gallwch eu hanfon ar-lein. I anfon rhagor, cysylltwch â'r bobl sy'n delio â'ch achos.
documents-description-label = Beth ydyw? (dewisol)
documents-description-hint = Er enghraifft, "Llun o fy anaf, a dynnwyd y diwrnod wedyn"
documents-file-label = Dewiswch y ffeil
documents-send-button = Anfon y ddogfen
documents-sent-banner = Diolch. Rydym wedi cael { $name }.
doc-refused-none = Dewiswch ffeil i'w hanfon
doc-refused-empty = Mae'r ffeil a ddewisoch yn wag
doc-refused-name = Ni ddylai enw'r ffeil gynnwys slaesiau na nodau arbennig: ailenwch y ffeil a'i dewis eto
doc-refused-long-name = Rhaid i enw'r ffeil fod yn 200 nod neu lai
doc-refused-type = Rhaid i'r ffeil fod yn PDF, llun, dogfen Word, sain, fideo, testun plaen neu e-bost
doc-refused-mismatch = Nid yw cynnwys y ffeil yn cyfateb i'w henw, sy'n gorffen gyda .{ $value }: gwiriwch mai dyma'r ffeil roeddech yn ei bwriadu
doc-refused-size = Rhaid i'r ffeil fod yn llai na { $value }
doc-refused-many = Rydych eisoes wedi anfon y { $value } dogfen y gallwch eu hanfon ar-lein

# Adroddiadau ymchwiliadau a gyhoeddwyd (/published/reports)
reports-title = Adroddiadau ymchwiliadau a gyhoeddwyd
reports-intro = Adroddiadau ymchwiliadau sydd wedi'u cyhoeddi, gyda gwybodaeth a allai achosi niwed wedi'i thynnu allan. Mae pob un yn PDF.
reports-none = Nid oes unrhyw adroddiadau ymchwiliadau wedi'u cyhoeddi eto.
reports-link = Darllen adroddiadau ymchwiliadau a gyhoeddwyd
reports-case = Achos { $reference }
reports-published = Cyhoeddwyd { $date }
reports-older = Adroddiadau hŷn
reports-newest = Yr adroddiadau diweddaraf

# Negeseuon i achwynwyr (yr allflwch). Paragraff yw pob llinell.
msg-logged-subject = Mae eich cwyn wedi'i chofnodi: { $reference }
msg-logged-body = Annwyl { $name },
    Cofnododd { $force } eich cwyn ar { $date }. Ei chyfeirnod yw { $reference }: nodwch hwn bob tro y byddwch yn cysylltu â ni.
    Byddwn yn rhoi gwybod i chi am ei hynt o leiaf bob 4 wythnos.
    Gallwch weld ble mae eich cwyn yn { $status }, gyda'r cyfeirnod a'r cod mynediad a roddwn i chi.
msg-outcome-subject = Canlyniad eich cwyn: { $reference }
msg-outcome-body = Annwyl { $name },
    Mae ein llythyr dyddiedig { $date } yn rhoi gwybod i chi am ganlyniad eich cwyn, cyfeirnod { $reference }.
    Os nad ydych yn fodlon â'r canlyniad, gallwch wneud cais am adolygiad i { $review_body }. Y diwrnod olaf i wneud cais yw { $last_day }.
    Gallwch wneud cais yn { $status }, gyda chyfeirnod eich achos a'ch cod mynediad.
msg-recorded-subject = Mae eich cwyn wedi'i chofrestru: { $reference }
msg-recorded-body = Annwyl { $name },
    Cofrestrodd { $force } eich cwyn ar { $date }, o dan Atodlen 3 i Ddeddf Diwygio'r Heddlu 2002. Mae hyn yn golygu y caiff ei thrin o dan y rheolau cwynion ffurfiol.
    Byddwn yn rhoi gwybod i chi sut y caiff ei thrin, ac yn rhoi'r wybodaeth ddiweddaraf i chi o leiaf bob 4 wythnos.
    Gallwch weld ble mae eich cwyn yn { $status }.
msg-outside-subject = Sut mae eich cwyn yn cael ei thrin: { $reference }
msg-outside-body = Annwyl { $name },
    Mae { $force } yn trin eich cwyn y tu allan i Atodlen 3 i Ddeddf Diwygio'r Heddlu 2002, o { $date }: bydd yn ceisio ei datrys gyda chi yn gyflym ac yn anffurfiol.
    Os nad ydych yn fodlon â hyn, gallwch ofyn i'ch cwyn gael ei chofrestru a'i thrin o dan y rheolau ffurfiol. Gan ei bod yn cael ei thrin fel hyn, nid oes hawl i adolygiad.
msg-investigation-subject = Mae eich cwyn yn cael ei hymchwilio: { $reference }
msg-investigation-body = Annwyl { $name },
    Dechreuodd ymchwiliad i'ch cwyn ar { $date }. Mae'n cael ei gynnal gan { $who }.
    Byddwn yn rhoi'r wybodaeth ddiweddaraf i chi am ei hynt o leiaf bob 4 wythnos, ac yn rhoi gwybod i chi am ei ganlyniad.
    Gallwch weld ble mae eich cwyn yn { $status }.
msg-investigation-directed = { $force }, dan gyfarwyddyd Swyddfa Annibynnol Ymddygiad yr Heddlu (IOPC)
msg-review-subject = Adolygiad eich cwyn: { $reference }
msg-review-body = Annwyl { $name },
    Penderfynwyd ar yr adolygiad o'r ffordd yr ymdriniwyd â'ch cwyn ar { $date }.
    { $result }
    Gallwch weld ble mae eich cwyn yn { $status }.
msg-review-not-upheld = Canfu'r adolygiad fod canlyniad eich cwyn yn rhesymol ac yn gymesur, felly mae'n sefyll.
msg-review-upheld-recommendation = Canfu'r adolygiad nad oedd y canlyniad yn rhesymol ac yn gymesur. Mae'r corff adolygu wedi argymell beth ddylai'r heddlu ei wneud nawr, a bydd yn rhoi gwybod i chi beth mae'n ei wneud.
msg-review-upheld-reinvestigation = Canfu'r adolygiad nad oedd y canlyniad yn rhesymol ac yn gymesur. Bydd eich cwyn yn cael ei hymchwilio eto.
msg-review-upheld-proceedings_recommended = Canfu'r adolygiad nad oedd y canlyniad yn rhesymol ac yn gymesur, ac mae wedi argymell achos camymddwyn.
msg-review-upheld-must_be_investigated = Canfu'r adolygiad fod yn rhaid ymchwilio i'ch cwyn nawr.
