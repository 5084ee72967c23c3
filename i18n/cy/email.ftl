# E-byst y gwasanaeth ffurflenni: copi'r tîm (dwyieithog) a'r gydnabyddiaeth i'r anfonwr.

# Enwau'r ffurflenni, fel y maen nhw'n ymddangos yn yr e-byst.
email-form-home-education = Addysg ddewisol yn y cartref: rhoi gwybod i ni
email-form-aln = Anghenion dysgu ychwanegol: atgyfeiriad neu gais i'r cyngor

# Llinell bwnc e-bost y tîm, ar ôl y cyfeirnod.
email-team-subject-due = { $form }, ymateb erbyn { $due }

# E-bost y tîm
email-team-subject-reply-cy = Atebwch yn Gymraeg
email-team-subject-reply-en = Atebwch yn Saesneg
email-team-subject-suspect = Sbam, o bosibl
email-team-suspect = Gallai hwn fod yn sbam: llenwyd y maes cudd "Gadewch hwn yn wag", felly efallai mai rhaglen awtomatig a anfonodd y ffurflen. Ni anfonwyd cydnabyddiaeth at y cyfeiriad e-bost a roddwyd.
email-team-safety = Gwiriwch fod yr atebion hyn yn ddiogel cyn eu defnyddio. Does neb wedi gwirio'r wybodaeth a roddwyd ar y ffurflen.
email-team-reference = Cyfeirnod
email-team-form = Ffurflen
email-team-submitted = Cyflwynwyd
email-team-due = Rhaid ymateb erbyn
email-team-due-uncounted = Heb ei gyfrif: mae'r dyddiad yn disgyn ar ôl { $end }, diwrnod olaf y tymor olaf yn nyddiadau tymor y cyngor. Cyfrifwch ef â llaw, a gofynnwch i olygydd y wefan ychwanegu'r tymhorau nesaf at term-dates.toml. { $rule }
email-team-reply-in-welsh = Llenwodd yr anfonwr y ffurflen yn Gymraeg: atebwch yn Gymraeg (Safon 1 y Gymraeg).
email-team-no-ack = Ni roddodd yr anfonwr gyfeiriad e-bost, felly nid yw wedi cael cydnabyddiaeth gennym ni.
email-team-attached = Atodiadau
email-team-json = yr atebion ar ffurf JSON, i'w mewnforio i'r system rheoli achosion
email-team-calendar = y dyddiadau statudol fel cofnodion calendr, i'w hychwanegu at galendr y tîm
# Y crynodeb ar frig e-bost y tîm.
email-team-concerns = Am bwy mae hi
email-team-route = Llwybr
email-team-reply-language = Iaith yr ateb
email-team-lang-cy = Cymraeg
email-team-lang-en = Saesneg

# Y gydnabyddiaeth i'r anfonwr: y cyfeirnod a'r camau nesaf, dim o'i atebion.
email-ack-subject = Rydyn ni wedi cael eich ffurflen: cyfeirnod { $reference }
email-ack-heading = Diolch, rydyn ni wedi cael eich ffurflen
email-ack-thanks = Daeth eich ffurflen i law ar { $date }: { $form }.
email-ack-reference = Eich cyfeirnod
email-ack-keep-reference = Cadwch y cyfeirnod hwn. Rhowch ef i ni os byddwch chi'n cysylltu â ni am y ffurflen hon.
email-ack-next-heading = Beth sy'n digwydd nesaf
email-ack-next-home-education = Bydd aelod o'r tîm addysg ddewisol yn y cartref yn cysylltu â chi i gyflwyno ei hun ac i sôn am y cymorth sydd ar gael.
email-ack-next-aln = Byddwn ni'n darllen yr wybodaeth a roesoch chi ac yn cysylltu â chi os bydd angen rhagor arnon ni. Byddwn ni'n rhoi gwybod i chi beth rydyn ni wedi'i benderfynu, a pham.
email-ack-due = Rhaid i ni ymateb erbyn { $date }.
# Dim ond pan diciodd yr anfonwr "Anfonwch gopi o fy atebion ataf".
email-ack-answers-heading = Eich atebion
email-ack-answers-intro = Gofynnoch chi am gopi o'r atebion a anfonoch chi. Dydyn ni ddim wedi cynnwys unrhyw ddogfennau a lwythoch chi i fyny.
email-ack-contact-heading = Cysylltu â ni
email-ack-email = E-bost
email-ack-phone = Ffôn
email-ack-welsh-welcome = Rydyn ni'n croesawu gohebiaeth yn Gymraeg. Byddwn ni'n ateb yn Gymraeg, ac ni fydd hynny'n arwain at oedi.
