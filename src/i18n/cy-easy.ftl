# Cymraeg hawdd ei deall: brawddegau byr, geiriau syml, un syniad ar bob llinell. Dim ond y
# geiriau sy'n wahanol i cy.ftl sydd yma. Cadwch hwn yn gyson ag en-easy.ftl.

heading-now = Beth sy'n digwydd
heading-next = Beth fydd yn digwydd nesaf
heading-update = Pryd byddwch yn clywed gennym
update-due = Bydd yr heddlu'n dweud wrthych sut mae pethau'n mynd erbyn { $date }.
update-overdue =
    Dylai'r heddlu fod wedi dweud wrthych sut mae pethau'n mynd erbyn { $date }.
    Os nad ydych wedi clywed ganddynt, cysylltwch â nhw.
update-rule = Rhaid i'r heddlu ddweud wrthych sut mae pethau'n mynd o leiaf bob 4 wythnos.
heading-outcome = Beth a benderfynwyd
outcome-intro = Mae eich cwyn am un peth neu ragor. Dyma beth a benderfynwyd am bob un.
review-open = Os nad ydych yn hapus gyda'r hyn a benderfynwyd, gallwch ofyn i { $body } edrych arno eto.
review-last-day = Rhaid i chi ofyn erbyn { $date }.
review-closed = Y diwrnod olaf i ofyn am adolygiad oedd { $date }.
review-late =
    Gallwch ofyn o hyd i { $body } edrych arno.
    Dywedwch wrthynt pam na allech ofyn mewn pryd.
    Byddant yn penderfynu a allant ei dderbyn.

stage-logged-title = Mae eich cwyn gennym
stage-logged-now =
    Mae eich cwyn gan yr heddlu.
    Bydd rhywun yn cysylltu â chi i siarad amdani.
stage-logged-next =
    Bydd yr heddlu'n penderfynu a fydd eich cwyn yn cael ei chofnodi.
    Mae hyn fel arfer yn cymryd ychydig wythnosau.
stage-outside_schedule3-title = Mae'r heddlu'n datrys eich cwyn
stage-outside_schedule3-now =
    Mae'r heddlu'n ceisio unioni pethau.
    Fydd dim ymchwiliad.
stage-outside_schedule3-next =
    Ydych chi'n anhapus gyda sut mae pethau'n mynd?
    Dywedwch wrth yr heddlu.
    Rhaid iddyn nhw gofnodi eich cwyn wedyn.
stage-recorded-title = Mae eich cwyn wedi'i chofnodi
stage-recorded-now =
    Mae'r heddlu wedi cofnodi eich cwyn.
    Maen nhw'n penderfynu beth i'w wneud amdani.
stage-recorded-next =
    Bydd yr heddlu'n penderfynu a oes angen ymchwiliad.
    Byddan nhw'n dweud wrthych beth maen nhw'n ei benderfynu.
stage-referred-title = Mae eich cwyn gan yr IOPC
stage-referred-now =
    Anfonodd yr heddlu eich cwyn at yr IOPC.
    Mae'r IOPC yn gwirio sut mae'r heddlu'n delio â chwynion.
    Mae'r IOPC yn penderfynu a oes angen ymchwiliad.
stage-referred-next =
    Mae hyn fel arfer yn cymryd ychydig wythnosau.
    Byddwn yn dweud wrthych beth mae'r IOPC yn ei benderfynu.
stage-referred_back-title = Mae'r heddlu'n delio â'ch cwyn eto
stage-referred_back-now =
    Edrychodd yr IOPC ar eich cwyn.
    Penderfynodd yr IOPC y dylai'r heddlu ddelio â hi.
stage-referred_back-next =
    Bydd yr heddlu'n penderfynu beth i'w wneud.
    Byddan nhw'n dweud wrthych.
stage-handled_otherwise-title = Mae'r heddlu'n delio â'ch cwyn
stage-handled_otherwise-now =
    Fydd dim ymchwiliad.
    Mae'r heddlu'n edrych ar yr hyn a ddigwyddodd mewn ffordd arall.
    Efallai y byddan nhw'n ymddiheuro neu'n egluro beth ddigwyddodd.
stage-handled_otherwise-next =
    Bydd yr heddlu'n ysgrifennu atoch pan fyddan nhw wedi gorffen.
    Byddan nhw'n dweud wrthych beth a benderfynwyd.
stage-under_investigation-title = Rydym yn ymchwilio i'ch cwyn
stage-under_investigation-now =
    Mae rhywun yn edrych ar eich cwyn.
    Maen nhw'n darganfod beth ddigwyddodd.
    Efallai y byddan nhw'n siarad â'r bobl dan sylw.
stage-under_investigation-next =
    Gall hyn gymryd misoedd lawer.
    Byddwn yn dweud wrthych sut mae'n mynd o leiaf bob 4 wythnos.
    Byddwn yn dweud wrthych beth a benderfynwyd ar y diwedd.
stage-investigation_suspended-title = Mae'r ymchwiliad wedi stopio am y tro
stage-investigation_suspended-now =
    Mae'r ymchwiliad wedi stopio am ychydig.
    Mae hyn yn aml oherwydd achos llys.
stage-investigation_suspended-next =
    Bydd yr ymchwiliad yn dechrau eto yn nes ymlaen.
    Byddwn yn dal i ddweud wrthych sut mae pethau'n mynd.
stage-report_received-title = Mae'r ymchwiliad wedi gorffen
stage-report_received-now =
    Mae'r ymchwilydd wedi ysgrifennu adroddiad.
    Mae pobl yn darllen yr adroddiad nawr.
stage-report_received-next =
    Byddan nhw'n penderfynu beth fydd yn digwydd nesaf.
    Yna byddwn yn dweud wrthych beth a benderfynwyd am eich cwyn.
stage-determinations_made-title = Mae penderfyniadau wedi'u gwneud
stage-determinations_made-now = Mae penderfyniadau wedi'u gwneud am y bobl dan sylw.
stage-determinations_made-next =
    Nawr bydd canlyniad eich cwyn yn cael ei benderfynu.
    Byddwn yn ysgrifennu atoch amdano.
stage-outcome_decided-title = Mae'r canlyniad wedi'i benderfynu
stage-outcome_decided-now = Mae penderfyniad wedi'i wneud am eich cwyn.
stage-outcome_decided-next =
    Byddwn yn anfon llythyr atoch amdano cyn bo hir.
    Bydd hyn o fewn 5 diwrnod gwaith.
stage-outcome_notified-title = Rydym wedi dweud wrthych beth a benderfynwyd
stage-outcome_notified-now =
    Anfonon ni lythyr atoch am eich cwyn.
    Gallwch weld beth a benderfynwyd isod.
stage-outcome_notified-next =
    Ydych chi'n anhapus gyda'r hyn a benderfynwyd?
    Efallai y gallwch ofyn am adolygiad.
stage-under_review-title = Mae rhywun yn edrych ar eich adolygiad
stage-under_review-now =
    Gwnaethoch ofyn am adolygiad.
    Mae rhywun yn edrych ar eich cwyn eto.
stage-under_review-next = Byddan nhw'n ysgrifennu atoch pan fyddan nhw wedi penderfynu.
stage-review_concluded-title = Mae penderfyniad am eich adolygiad
stage-review_concluded-now = Mae penderfyniad wedi'i wneud am eich adolygiad.
stage-review_concluded-next = Byddwch yn cael llythyr sy'n egluro'r penderfyniad.
stage-withdrawn-title = Mae eich cwyn wedi'i thynnu'n ôl
stage-withdrawn-now =
    Dywedoch nad oeddech am fwrw ymlaen â'ch cwyn.
    Felly mae wedi stopio.
stage-withdrawn-next =
    Fydd dim byd arall yn digwydd.
    Wnaethoch chi ddim gofyn am hyn? Cysylltwch â'r heddlu.
stage-discontinued-title = Cafodd yr ymchwiliad ei stopio
stage-discontinued-now =
    Cafodd yr ymchwiliad ei stopio.
    Roedd hyn o dan yr hen reolau cyn 2020.
stage-discontinued-next =
    Fydd dim byd arall yn digwydd.
    Os oes gennych gwestiynau, cysylltwch â'r heddlu.
stage-disapplied-title = Nid yw eich cwyn yn cael ei thrin bellach
stage-disapplied-now =
    Penderfynwyd stopio delio â'ch cwyn.
    Roedd hyn o dan yr hen reolau cyn 2020.
stage-disapplied-next =
    Fydd dim byd arall yn digwydd.
    Os oes gennych gwestiynau, cysylltwch â'r heddlu.
stage-closed-title = Mae eich cwyn wedi gorffen
stage-closed-now = Mae'r holl waith ar eich cwyn wedi gorffen.
stage-closed-next =
    Fydd dim byd arall yn digwydd.
    Gallwch ddarllen beth a benderfynwyd ar y dudalen hon o hyd.

stage-logged-title-matter = Mae'r heddlu wedi cael gwybod amdano
stage-logged-now-matter = Mae'r heddlu'n penderfynu beth i'w wneud.
stage-logged-next-matter = Byddan nhw'n penderfynu a fydd yn cael ei gofnodi.
stage-recorded-title-matter = Mae wedi'i gofnodi
stage-recorded-now-matter = Mae'r heddlu wedi'i gofnodi.
stage-recorded-next-matter =
    Bydd yr heddlu'n penderfynu beth fydd yn digwydd nesaf.
    Byddwn yn dweud wrthych.
stage-referred-title-matter = Mae'r IOPC yn edrych arno
stage-referred-now-matter =
    Mae'r IOPC yn gwirio sut mae'r heddlu'n delio â phethau fel hyn.
    Mae'r IOPC yn penderfynu a oes angen ymchwiliad.
stage-referred-next-matter =
    Mae hyn fel arfer yn cymryd ychydig wythnosau.
    Byddwn yn dweud wrthych beth mae'r IOPC yn ei benderfynu.
stage-referred_back-title-matter = Mae'r heddlu'n delio ag ef eto
stage-referred_back-now-matter = Penderfynodd yr IOPC y dylai'r heddlu ddelio ag ef.
stage-referred_back-next-matter =
    Bydd yr heddlu'n penderfynu beth i'w wneud.
    Byddan nhw'n dweud wrthych.
stage-under_investigation-title-matter = Mae ymchwiliad iddo
stage-under_investigation-now-matter =
    Mae rhywun yn darganfod beth ddigwyddodd.
    Efallai y byddan nhw'n siarad â'r bobl dan sylw.
stage-under_investigation-next-matter =
    Gall hyn gymryd misoedd lawer.
    Byddwn yn dweud wrthych sut mae'n mynd o leiaf bob 4 wythnos.
stage-investigation_suspended-title-matter = Mae'r ymchwiliad wedi stopio am y tro
stage-investigation_suspended-now-matter =
    Mae'r ymchwiliad wedi stopio am ychydig.
    Mae hyn yn aml oherwydd achos llys.
stage-investigation_suspended-next-matter =
    Bydd yr ymchwiliad yn dechrau eto yn nes ymlaen.
    Byddwn yn dal i ddweud wrthych sut mae pethau'n mynd.
stage-report_received-title-matter = Mae'r ymchwiliad wedi gorffen
stage-report_received-now-matter = Mae'r ymchwilydd wedi ysgrifennu adroddiad.
stage-report_received-next-matter =
    Byddan nhw'n penderfynu beth fydd yn digwydd nesaf.
    Byddwn yn dweud wrthych.
stage-determinations_made-title-matter = Mae penderfyniadau wedi'u gwneud
stage-determinations_made-now-matter = Mae penderfyniadau wedi'u gwneud am y bobl dan sylw.
stage-determinations_made-next-matter =
    Efallai y bydd cyfarfod neu wrandawiad am swyddog.
    Ar ôl hynny, bydd wedi gorffen.
stage-discontinued-title-matter = Cafodd yr ymchwiliad ei stopio
stage-discontinued-now-matter =
    Cafodd yr ymchwiliad ei stopio.
    Roedd hyn o dan yr hen reolau cyn 2020.
stage-discontinued-next-matter =
    Fydd dim byd arall yn digwydd.
    Os oes gennych gwestiynau, cysylltwch â'r heddlu.
stage-closed-title-matter = Mae wedi gorffen
stage-closed-now-matter = Mae'r holl waith wedi gorffen.
stage-closed-next-matter = Fydd dim byd arall yn digwydd.

bulletin-intro =
    Mae'r heddlu'n anfon rhifau am gwynion at yr IOPC.
    Mae'r IOPC yn gwirio sut mae'r heddlu'n delio â chwynion.
    Dewiswch heddlu i weld ei rifau.
bulletin-about =
    Mae'r rhifau'n dechrau ar 1 Ebrill bob blwyddyn.
    Maen nhw'n mynd hyd at ddiwedd y 3 mis diweddaraf sydd wedi gorffen.
    Wrth eu hochr mae'r rhifau ar gyfer yr un misoedd y llynedd.
    Nid yw diwrnodau gwaith yn cyfrif penwythnosau na gwyliau banc.
bulletin-small-numbers =
    Weithiau mae rhif am lai na 5 cwyn.
    Yna nid ydym yn ei ddangos, fel na all neb ddweud am bwy mae e.
    Mae'r tabl yn dweud "llai na 5" yn lle hynny.
    Weithiau rydym yn cuddio un rhif arall hefyd.
    Mae'r tabl yn dweud "wedi'i ddal yn ôl" yno.
    Mae hyn yn atal pobl rhag cyfrifo'r rhif bach o'r lleill.
