# Easy read English: short sentences, plain words, one idea on each line. Only the words that
# differ from en.ftl are here; every stage of every kind of case must have its easy read text
# (a unit test checks). Keep cy-easy.ftl in step.

heading-now = What is happening
heading-next = What happens next
heading-update = When you will hear from us
update-due = The police will tell you how things are going by { $date }.
update-overdue =
    The police should have told you how things are going by { $date }.
    If you have not heard from them, please contact them.
update-rule = The police must tell you how things are going at least every 4 weeks.
heading-outcome = What was decided
outcome-intro = Your complaint is about one or more things. This is what was decided about each one.
review-open = If you are not happy with what was decided, you can ask { $body } to look at it again.
review-last-day = You must ask by { $date }.
review-closed = The last day to ask for a review was { $date }.
review-late =
    You can still ask { $body } to look at it.
    Tell them why you could not ask in time.
    They will decide if they can accept it.

stage-logged-title = We have your complaint
stage-logged-now =
    The police have your complaint.
    Someone will contact you to talk about it.
stage-logged-next =
    The police will decide if your complaint will be recorded.
    This usually takes a few weeks.
stage-outside_schedule3-title = The police are sorting out your complaint
stage-outside_schedule3-now =
    The police are trying to put things right.
    There will not be an investigation.
stage-outside_schedule3-next =
    Are you not happy with how it is going?
    Tell the police.
    They must then record your complaint.
stage-recorded-title = Your complaint is recorded
stage-recorded-now =
    The police have recorded your complaint.
    They are deciding what to do about it.
stage-recorded-next =
    The police will decide if there needs to be an investigation.
    They will tell you what they decide.
stage-referred-title = The IOPC has your complaint
stage-referred-now =
    The police sent your complaint to the IOPC.
    The IOPC checks how the police deal with complaints.
    The IOPC is deciding if there needs to be an investigation.
stage-referred-next =
    This usually takes a few weeks.
    We will tell you what the IOPC decides.
stage-referred_back-title = The police are dealing with your complaint again
stage-referred_back-now =
    The IOPC looked at your complaint.
    The IOPC decided the police should deal with it.
stage-referred_back-next =
    The police will decide what to do.
    They will tell you.
stage-handled_otherwise-title = The police are dealing with your complaint
stage-handled_otherwise-now =
    There will not be an investigation.
    The police are looking at what happened in another way.
    They may say sorry or explain what happened.
stage-handled_otherwise-next =
    The police will write to you when they have finished.
    They will tell you what was decided.
stage-under_investigation-title = We are investigating your complaint
stage-under_investigation-now =
    Someone is looking into your complaint.
    They are finding out what happened.
    They may talk to the people involved.
stage-under_investigation-next =
    This can take many months.
    We will tell you how it is going at least every 4 weeks.
    We will tell you what was decided at the end.
stage-investigation_suspended-title = The investigation has stopped for now
stage-investigation_suspended-now =
    The investigation has stopped for a while.
    This is often because of a court case.
stage-investigation_suspended-next =
    The investigation will start again later.
    We will still tell you how things are going.
stage-report_received-title = The investigation has finished
stage-report_received-now =
    The investigator has written a report.
    People are reading the report now.
stage-report_received-next =
    They will decide what happens next.
    Then we will tell you what was decided about your complaint.
stage-determinations_made-title = Decisions have been made
stage-determinations_made-now = Decisions have been made about the people involved.
stage-determinations_made-next =
    Now the outcome of your complaint will be decided.
    We will write to you about it.
stage-outcome_decided-title = The outcome has been decided
stage-outcome_decided-now = A decision has been made about your complaint.
stage-outcome_decided-next =
    We will send you a letter about it soon.
    This will be within 5 working days.
stage-outcome_notified-title = We have told you what was decided
stage-outcome_notified-now =
    We sent you a letter about your complaint.
    You can see what was decided below.
stage-outcome_notified-next =
    Are you not happy with what was decided?
    You may be able to ask for a review.
stage-under_review-title = Your review is being looked at
stage-under_review-now =
    You asked for a review.
    Someone is looking at your complaint again.
stage-under_review-next = They will write to you when they have decided.
stage-review_concluded-title = Your review has been decided
stage-review_concluded-now = A decision has been made about your review.
stage-review_concluded-next = You will get a letter that explains the decision.
stage-withdrawn-title = Your complaint has been withdrawn
stage-withdrawn-now =
    You said you did not want to go on with your complaint.
    So it has stopped.
stage-withdrawn-next =
    Nothing else will happen.
    Did you not ask for this? Please contact the police.
stage-discontinued-title = The investigation was stopped
stage-discontinued-now =
    The investigation was stopped.
    This was under the old rules from before 2020.
stage-discontinued-next =
    Nothing else will happen.
    If you have questions, please contact the police.
stage-disapplied-title = Your complaint is no longer being dealt with
stage-disapplied-now =
    It was decided to stop dealing with your complaint.
    This was under the old rules from before 2020.
stage-disapplied-next =
    Nothing else will happen.
    If you have questions, please contact the police.
stage-closed-title = Your complaint is finished
stage-closed-now = All the work on your complaint is finished.
stage-closed-next =
    Nothing else will happen.
    You can still read what was decided on this page.

stage-logged-title-matter = The police have been told about it
stage-logged-now-matter = The police are deciding what to do.
stage-logged-next-matter = They will decide if it will be recorded.
stage-recorded-title-matter = It has been recorded
stage-recorded-now-matter = The police have recorded it.
stage-recorded-next-matter =
    The police will decide what happens next.
    We will tell you.
stage-referred-title-matter = The IOPC is looking at it
stage-referred-now-matter =
    The IOPC checks how the police deal with things like this.
    The IOPC is deciding if there needs to be an investigation.
stage-referred-next-matter =
    This usually takes a few weeks.
    We will tell you what the IOPC decides.
stage-referred_back-title-matter = The police are dealing with it again
stage-referred_back-now-matter = The IOPC decided the police should deal with it.
stage-referred_back-next-matter =
    The police will decide what to do.
    They will tell you.
stage-under_investigation-title-matter = It is being investigated
stage-under_investigation-now-matter =
    Someone is finding out what happened.
    They may talk to the people involved.
stage-under_investigation-next-matter =
    This can take many months.
    We will tell you how it is going at least every 4 weeks.
stage-investigation_suspended-title-matter = The investigation has stopped for now
stage-investigation_suspended-now-matter =
    The investigation has stopped for a while.
    This is often because of a court case.
stage-investigation_suspended-next-matter =
    The investigation will start again later.
    We will still tell you how things are going.
stage-report_received-title-matter = The investigation has finished
stage-report_received-now-matter = The investigator has written a report.
stage-report_received-next-matter =
    They will decide what happens next.
    We will tell you.
stage-determinations_made-title-matter = Decisions have been made
stage-determinations_made-now-matter = Decisions have been made about the people involved.
stage-determinations_made-next-matter =
    There may be a meeting or hearing about an officer.
    After that, it will be finished.
stage-discontinued-title-matter = The investigation was stopped
stage-discontinued-now-matter =
    The investigation was stopped.
    This was under the old rules from before 2020.
stage-discontinued-next-matter =
    Nothing else will happen.
    If you have questions, please contact the police.
stage-closed-title-matter = It is finished
stage-closed-now-matter = All the work is finished.
stage-closed-next-matter = Nothing else will happen.

bulletin-intro =
    The police send numbers about complaints to the IOPC.
    The IOPC checks how the police deal with complaints.
    Choose a police force to see its numbers.
bulletin-about =
    The numbers start on 1 April each year.
    They go up to the end of the latest 3 months that have finished.
    Next to them are the numbers for the same months last year.
    Working days do not count weekends or bank holidays.
bulletin-small-numbers =
    Sometimes a number is about fewer than 5 complaints.
    Then we do not show it, so nobody can tell who it is about.
    The table says "fewer than 5" instead.
    Sometimes we hide one more number too.
    The table says "withheld" there.
    This stops people working out the small number from the others.
